"""xsdnn: neural-network electron-nucleus cross sections d²σ/(dΩ dω), scored with ONNX Runtime.

    >>> import xsdnn
    >>> model = xsdnn.load("onnx-models/carbon-a2")
    >>> mean, std = model.predict(0.68, 36.0, [0.1, 0.2, 0.3])   # E [GeV], θ [deg], ω [GeV]

σ is per nucleus in nb/(sr·GeV). See :func:`load` and :class:`Model`.
"""

from .card import Contract, Data, DataFile, Domain, Member, ModelCard, Range, Target
from .errors import ContractError, ScoringError
from .kinematics import features, scale_nb_per_sr_gev
from .model import DEFAULT_BATCH_SIZE, FUSED_CONTRACT_ID, Model, load

__version__ = "0.1.0"

__all__ = [
    "load",
    "Model",
    "ModelCard",
    "Target",
    "Contract",
    "Member",
    "Data",
    "DataFile",
    "Domain",
    "Range",
    "ContractError",
    "ScoringError",
    "features",
    "scale_nb_per_sr_gev",
    "DEFAULT_BATCH_SIZE",
    "FUSED_CONTRACT_ID",
    "__version__",
]
