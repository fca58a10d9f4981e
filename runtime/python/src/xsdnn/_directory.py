"""Which member files a model directory holds, what they output and for which nucleus.

Mirrors ``org.xsdnn.runtime.ModelDirectory``: the xsdnn layout (``model-card.json``, member files,
``SHA256SUMS``, every listed file verified) and NuWro's (``model_electron_<tag>_<A>_<i>.onnx``, no card).
An xsdnn-layout directory whose card lists no members but whose ``SHA256SUMS`` lists ``mc-dropout.onnx``
is a model B: it is scored through that one fused file (contract ``xsdnn-fused-1``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Tuple

from . import checksums, kinematics
from .card import FILE_NAME as CARD_FILE
from .card import NUWRO_OUTPUT_NAME, CardFormatError, Contract, ModelCard
from .errors import ContractError

_NUWRO_FILE = re.compile(r"model_electron_(.+)_(\d+)_(\d+)\.onnx", re.ASCII | re.DOTALL)
_SUMS = checksums.FILE_NAME
_REEXPORT = "Re-export with xsdnn export."
#: The fused file (contract xsdnn-fused-1) of a model-B directory, whose card lists no members.
MC_DROPOUT_FILE = "mc-dropout.onnx"


@dataclass(frozen=True)
class ModelDirectory:
    layout: str  # "xsdnn" or "nuwro"
    card: Optional[ModelCard]
    member_files: Tuple[Path, ...]  # in ensemble order
    output_name: str
    mass_number: int
    fused_file: Optional[Path] = None  # model B: scored through this xsdnn-fused-1 file, member_files empty


def resolve(path: "os.PathLike[str] | str") -> ModelDirectory:
    directory = Path(path)
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory}: expected a model directory")
    card_file = directory / CARD_FILE
    if os.path.exists(card_file):
        return _xsdnn(directory, card_file)
    return _nuwro(directory)


def _xsdnn(directory: Path, card_file: Path) -> ModelDirectory:
    sums = _verified_checksums(directory)
    if CARD_FILE not in sums:
        raise ContractError(f"{CARD_FILE}: not listed in {_SUMS}, so it cannot be trusted. {_REEXPORT}")
    try:
        card = ModelCard.read(card_file)
    except CardFormatError as e:
        raise ContractError(str(e)) from e
    except UnicodeDecodeError as e:
        raise ContractError(f"{card_file}: not a model card: not UTF-8 text ({e.reason})") from e
    _check_contract(card.contract)
    if not card.members:
        if MC_DROPOUT_FILE not in sums:
            if os.path.exists(directory / MC_DROPOUT_FILE):
                raise ContractError(
                    f"{MC_DROPOUT_FILE}: in {directory} but not listed in {_SUMS}, so it cannot be trusted. {_REEXPORT}"
                )
            raise ContractError(f"{CARD_FILE}: lists no members; expected at least one member file.")
    if card.target is None or card.target.mass_number < 1:
        raise ContractError(
            f"{CARD_FILE}: target mass number A is missing or below 1; expected the nucleus, e.g. A = 12 for carbon."
        )
    if not card.members:
        # Model B: one fused file, already verified against SHA256SUMS above.
        return ModelDirectory(
            "xsdnn", card, (), card.contract.output_name, card.target.mass_number, directory / MC_DROPOUT_FILE
        )
    files = []
    for member in card.members:
        listed = sums.get(member.file)
        if listed is None:
            raise ContractError(f"{member.file}: named in {CARD_FILE} but not listed in {_SUMS}. {_REEXPORT}")
        if member.sha256 is not None and member.sha256.lower() != listed.lower():
            raise ContractError(
                f"{member.file}: {CARD_FILE} gives SHA-256 {member.sha256}, {_SUMS} gives {listed}; "
                f"the directory mixes two exports. {_REEXPORT}"
            )
        files.append(directory / member.file)
    return ModelDirectory("xsdnn", card, tuple(files), card.contract.output_name, card.target.mass_number)


def _verified_checksums(directory: Path) -> Dict[str, str]:
    """Hashes every file SHA256SUMS lists; any mismatch refuses the directory."""
    sums_file = directory / _SUMS
    if not os.path.exists(sums_file):
        raise ContractError(f"{directory}: has {CARD_FILE} but no {_SUMS}; the export is incomplete. {_REEXPORT}")
    try:
        text = sums_file.read_text(encoding="utf-8")
        sums = checksums.parse(text)
    except UnicodeDecodeError as e:
        raise ContractError(f"{_SUMS}: not UTF-8 text ({e.reason}); expected <64 hex digits>  <file name> lines") from e
    except ValueError as e:
        raise ContractError(str(e)) from e
    home = os.path.normpath(os.path.abspath(directory))
    for name, expected in sums.items():
        file = os.path.normpath(os.path.join(home, name))
        if os.path.dirname(file) != home or file == home:
            raise ContractError(f'{_SUMS}: lists "{name}"; expected plain file names inside the model directory.')
        if not os.path.isfile(file):
            raise ContractError(
                f"{name}: listed in {_SUMS} but missing from {directory}. Restore it or re-export with xsdnn export."
            )
        actual = checksums.hex_of(file)
        if actual != expected:
            raise ContractError(
                f"{name}: SHA-256 is {actual} but {_SUMS} says {expected}; the file was corrupted or changed "
                f"after export. Restore it or re-export with xsdnn export."
            )
    return sums


def _check_contract(contract: Optional[Contract]) -> None:
    expected = Contract.xsdnn1()
    if (
        contract is None
        or contract.id != expected.id
        or contract.input_name != expected.input_name
        or contract.feature_order != kinematics.FEATURE_ORDER
        or contract.output_name != expected.output_name
    ):
        found = "null" if contract is None else str(contract)
        raise ContractError(
            f'{CARD_FILE}: contract is {found}; this runtime reads {expected.id} (input "{expected.input_name}" '
            f'{kinematics.FEATURE_ORDER}, output "{expected.output_name}"). Use the xsdnn version that exported it.'
        )


def _nuwro(directory: Path) -> ModelDirectory:
    names = sorted(os.listdir(directory))
    by_index: Dict[int, Path] = {}
    tag = None
    mass_number = None
    for name in names:
        m = _NUWRO_FILE.fullmatch(name)
        if m is None:
            continue
        if tag is not None and (tag != m.group(1) or mass_number != int(m.group(2))):
            first = by_index[min(by_index)].name
            raise ContractError(
                f"{directory}: NuWro files of two models ({first}, {name}); expected one tag and one A per directory."
            )
        tag = m.group(1)
        mass_number = int(m.group(2))
        by_index[int(m.group(3))] = directory / name
    if not by_index:
        raise ContractError(
            f"{directory}: neither {CARD_FILE} (xsdnn layout) nor model_electron_<tag>_<A>_<i>.onnx files "
            f"(NuWro layout); found [{', '.join(names)}]."
        )
    if mass_number < 1:
        raise ContractError(f"{by_index[min(by_index)].name}: mass number A = 0 in the file name; expected A >= 1.")
    # NuWro ignores extra files; xsdnn writes SHA256SUMS beside its NuWro sets, and then every member must match.
    if os.path.exists(directory / _SUMS):
        sums = _verified_checksums(directory)
        for i in sorted(by_index):
            if by_index[i].name not in sums:
                raise ContractError(
                    f"{by_index[i].name}: not listed in {_SUMS}. Restore the file set or write it again with xsdnn."
                )
    # Members in index order, as NuWro numbers them.
    return ModelDirectory("nuwro", None, tuple(by_index[i] for i in sorted(by_index)), NUWRO_OUTPUT_NAME, mass_number)
