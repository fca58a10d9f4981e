"""The model card (``model-card.json``): what a model directory holds and how it was made.

Frozen dataclasses mirroring ``org.xsdnn.core.ModelCard``. Every card is validated against the JSON Schema
``runtime/schema/model-card.schema.json`` (packaged here as ``xsdnn/schema/model-card.schema.json``) with the
``jsonschema`` package before it is read: kebab-case keys (``mass-number``, ``held-out-chi2-per-point``; the
domain uses ``energy-gev``, ``theta-deg``, ``omega-gev``), each value of its JSON type, unknown keys allowed
(a card written by a later version still loads). Missing fields read as None, 0 or empty collections;
``"NaN"``, ``"Infinity"`` and ``"-Infinity"`` (Jackson's text for non-finite doubles) as floats. Lists become
tuples and mappings read-only, so a card cannot be changed after it is read.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Any, Mapping, Optional, Tuple

import jsonschema

from . import kinematics

__all__ = [
    "FILE_NAME",
    "CONTRACT_ID",
    "INPUT_NAME",
    "OUTPUT_NAME",
    "NUWRO_OUTPUT_NAME",
    "UNITS",
    "SIGMA_FORMULA",
    "CardFormatError",
    "SCHEMA_ID",
    "schema",
    "validate",
    "ModelCard",
    "Target",
    "Contract",
    "Member",
    "Data",
    "DataFile",
    "Domain",
    "Range",
]

#: Name of the card file inside a model directory.
FILE_NAME = "model-card.json"
#: The tensor contract every xsdnn member file meets.
CONTRACT_ID = "xsdnn-1"
INPUT_NAME = "input"
OUTPUT_NAME = "r"
#: Output name tf2onnx gave the Wrocław group's Keras models, kept by NuWro's integration.
NUWRO_OUTPUT_NAME = "Identity:0"
UNITS = "nb/(sr·GeV)"
SIGMA_FORMULA = "sigma = r * 1e9 * cos(theta/2) / (137^2 * 4 * E^3 * sin^4(theta/2)) * A/12; E in GeV, theta in degrees"


#: ``$id`` of the card schema this package validates against; its last number is the schema version.
SCHEMA_ID = "urn:xsdnn:schema:model-card:1"
_SCHEMA_RESOURCE = ("schema", "model-card.schema.json")


class CardFormatError(ValueError):
    """The JSON is not a model card; the message says which field is wrong."""


def _freeze(value: Any) -> Any:
    """JSON values made immutable: objects become read-only mappings, arrays tuples."""
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): _freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


def _java(value: Any) -> str:
    return "null" if value is None else str(value)


@dataclass(frozen=True)
class Target:
    """The nucleus the cross sections are for; σ scales with ``mass_number``/12."""

    name: Optional[str] = None
    proton_number: int = 0
    mass_number: int = 0


@dataclass(frozen=True)
class Contract:
    """The tensor contract of the member files (``xsdnn-1``)."""

    id: Optional[str] = None
    input_name: Optional[str] = None
    feature_order: Optional[str] = None
    output_name: Optional[str] = None
    units: Optional[str] = None
    sigma_formula: Optional[str] = None

    @classmethod
    def xsdnn1(cls) -> "Contract":
        """The contract every xsdnn export meets."""
        return cls(CONTRACT_ID, INPUT_NAME, kinematics.FEATURE_ORDER, OUTPUT_NAME, UNITS, SIGMA_FORMULA)

    def __str__(self) -> str:
        # As Java writes the record, so that messages match the Java runtime's.
        return (
            f"Contract[id={_java(self.id)}, inputName={_java(self.input_name)}, "
            f"featureOrder={_java(self.feature_order)}, outputName={_java(self.output_name)}, "
            f"units={_java(self.units)}, sigmaFormula={_java(self.sigma_formula)}]"
        )


@dataclass(frozen=True)
class Member:
    """One member file: name, SHA-256 (lower-case hex; None in embedded copies), seed, fitted λ per
    normalization group, held-out χ²/N (normalization term included)."""

    file: Optional[str] = None
    sha256: Optional[str] = None
    seed: int = 0
    lambdas: Mapping[str, float] = field(default_factory=dict)
    held_out_chi2_per_point: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "lambdas", _freeze(self.lambdas or {}))


@dataclass(frozen=True)
class DataFile:
    path: Optional[str] = None
    sha256: Optional[str] = None


@dataclass(frozen=True)
class Data:
    """Which data trained the model: files, selection in words, points used, dropped (σ ≤ 0 or error ≤ 0)
    and cut (low-ω cut), in total and per experiment."""

    files: Tuple[DataFile, ...] = ()
    selection: Optional[str] = None
    points_used: int = 0
    points_dropped: int = 0
    points_cut: int = 0
    points_cut_per_experiment: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "files", tuple(self.files or ()))
        object.__setattr__(self, "points_cut_per_experiment", _freeze(self.points_cut_per_experiment or {}))


@dataclass(frozen=True)
class Range:
    min: float = 0.0
    max: float = 0.0


@dataclass(frozen=True)
class Domain:
    """Kinematic range of the training data (E and ω in GeV, θ in degrees); outside it the model extrapolates."""

    energy_gev: Optional[Range] = None
    theta_deg: Optional[Range] = None
    omega_gev: Optional[Range] = None


@dataclass(frozen=True)
class ModelCard:
    """What a model directory holds and how it was made (``model-card.json``).

    ``training`` holds every training hyperparameter as the exporter wrote it; ``metrics`` named figures
    of merit, e.g. the mean held-out χ²/N.
    """

    name: Optional[str] = None
    xsdnn_version: Optional[str] = None
    created_at: Optional[str] = None
    target: Optional[Target] = None
    contract: Optional[Contract] = None
    members: Tuple[Member, ...] = ()
    training: Mapping[str, Any] = field(default_factory=dict)
    data: Optional[Data] = None
    metrics: Mapping[str, float] = field(default_factory=dict)
    domain: Optional[Domain] = None
    notes: Optional[str] = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "members", tuple(self.members or ()))
        object.__setattr__(self, "training", _freeze(self.training or {}))
        object.__setattr__(self, "metrics", _freeze(self.metrics or {}))

    @classmethod
    def from_json(cls, text: str) -> "ModelCard":
        """Parses card JSON. Raises :class:`CardFormatError` (a ValueError) saying what is wrong."""
        try:
            value = json.loads(text)
        except json.JSONDecodeError as e:
            raise CardFormatError(f"not JSON: {e}") from e
        validate(value)
        return _read(ModelCard, value, "card")

    @classmethod
    def read(cls, path: "os.PathLike[str] | str") -> "ModelCard":
        """Reads a card file. Raises :class:`CardFormatError` naming the file when it is not a model card."""
        with open(path, encoding="utf-8") as f:
            text = f.read()
        try:
            return cls.from_json(text)
        except CardFormatError as e:
            raise CardFormatError(f"{os.fspath(path)}: not a model card: {e}") from e

    def to_dict(self) -> dict:
        """The card as plain JSON-ready Python values with the card's kebab-case keys."""
        return _write(self)


# ---- validation against the schema -------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def schema() -> Mapping[str, Any]:
    """The card schema (draft 2020-12), a copy of ``runtime/schema/model-card.schema.json``."""
    text = resources.files(__package__).joinpath(*_SCHEMA_RESOURCE).read_text(encoding="utf-8")
    value = json.loads(text)
    if value.get("$id") != SCHEMA_ID:
        raise RuntimeError(f"packaged card schema has $id {value.get('$id')!r}; expected {SCHEMA_ID}")
    return value


@functools.lru_cache(maxsize=None)
def _validator() -> "jsonschema.protocols.Validator":
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema())
    return cls(schema())


def validate(value: Any) -> None:
    """Checks parsed card JSON against the schema. Raises :class:`CardFormatError` naming the first wrong field
    (in document order), e.g. ``"target.mass-number" is a string; expected an integer``."""
    errors = list(_validator().iter_errors(value))
    if errors:
        first = min(errors, key=lambda e: [(0, p) if isinstance(p, int) else (1, p) for p in e.absolute_path])
        raise CardFormatError(_describe(first))


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


_TYPE_WORDS = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
}


def _where(path) -> str:
    where = ""
    for part in path:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    return where or "card"


def _expected(subschema: Mapping[str, Any]) -> str:
    """What a (sub)schema wants, in words."""
    defs = schema()["$defs"]
    if "$ref" in subschema:
        subschema = defs[subschema["$ref"].rsplit("/", 1)[-1]]
    if subschema == defs["double"]:
        return 'a number (or "NaN", "Infinity", "-Infinity")'
    if subschema in (defs["sha256"], defs["sha256OrNull"]):
        return "64 hex digits (a SHA-256)"
    types = subschema.get("type")
    if isinstance(types, str):
        types = [types]
    if types:
        return " or ".join(_TYPE_WORDS[t] for t in types if t != "null") or "null"
    return "what the schema allows"


def _describe(error: "jsonschema.ValidationError") -> str:
    where = _where(error.absolute_path)
    found = _kind(error.instance)
    if error.validator == "type":
        return f'"{where}" is {found}; expected {_expected(error.schema)}'
    if error.validator in ("anyOf", "oneOf"):
        shown = json.dumps(error.instance) if isinstance(error.instance, str) else found
        return f'"{where}" is {shown}; expected {_expected(error.schema)}'
    if error.validator == "minimum":
        return f'"{where}" is {error.instance!r}; expected at least {error.validator_value}'
    return f'"{where}": {error.message}'


# ---- reading validated JSON: kebab-case keys, missing values as defaults ----------------------------------------


def _key(python_name: str) -> str:
    return python_name.replace("_", "-")


def _int(value: Any, where: str) -> int:
    return 0 if value is None else int(value)


def _float(value: Any, where: str) -> float:
    # The schema allows numbers and Jackson's "NaN", "Infinity", "-Infinity"; float() reads all of them.
    return 0.0 if value is None else float(value)


def _str(value: Any, where: str) -> Optional[str]:
    return value


def _map(value: Any, where: str, convert) -> dict:
    if value is None:
        return {}
    return {k: convert(v, f"{where}.{k}") if convert else v for k, v in value.items()}


def _tuple(value: Any, where: str, cls) -> tuple:
    if value is None:
        return ()
    return tuple(_read(cls, v, f"{where}[{i}]") for i, v in enumerate(value))


_NESTED = {"target": Target, "contract": Contract, "data": Data, "domain": Domain}
_RANGES = {"energy_gev", "theta_deg", "omega_gev"}


def _read(cls, value: Any, where: str):
    """A dataclass from JSON that passed :func:`validate`."""
    if value is None:
        return None
    kwargs = {}
    for f in dataclasses.fields(cls):
        key = _key(f.name)
        raw = value.get(key)
        at = key if where == "card" else f"{where}.{key}"
        if cls is Domain and f.name in _RANGES:
            kwargs[f.name] = _read(Range, raw, at)
        elif f.name in _NESTED and cls is ModelCard:
            kwargs[f.name] = _read(_NESTED[f.name], raw, at)
        elif f.name == "members":
            kwargs[f.name] = _tuple(raw, at, Member)
        elif f.name == "files":
            kwargs[f.name] = _tuple(raw, at, DataFile)
        elif f.name == "training":
            kwargs[f.name] = _map(raw, at, None)
        elif f.name in ("metrics", "lambdas"):
            kwargs[f.name] = _map(raw, at, _float)
        elif f.name == "points_cut_per_experiment":
            kwargs[f.name] = _map(raw, at, _int)
        elif f.type in (int, "int"):
            kwargs[f.name] = _int(raw, at)
        elif f.type in (float, "float"):
            kwargs[f.name] = _float(raw, at)
        else:
            kwargs[f.name] = _str(raw, at)
    return cls(**kwargs)


def _write(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {_key(f.name): _write(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {k: _write(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_write(v) for v in value]
    return value
