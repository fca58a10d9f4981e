"""An ensemble of ONNX member files scored with ONNX Runtime; mirrors ``org.xsdnn.runtime.Ensemble``.

A model-B directory (card without members, ``mc-dropout.onnx``) and a lone fused file (contract
``xsdnn-fused-1``) are scored through one session, as ``org.xsdnn.runtime.FusedModel`` does.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import onnxruntime as ort

from . import _directory, kinematics
from .card import CONTRACT_ID, INPUT_NAME, ModelCard
from .errors import ContractError, ScoringError

__all__ = ["Model", "load", "DEFAULT_BATCH_SIZE", "FUSED_CONTRACT_ID"]

#: Points per ONNX Runtime call in :meth:`Model.predict` unless told otherwise.
DEFAULT_BATCH_SIZE = 65536

_REMEDY = " Re-export with xsdnn export."
_EXPECTS = f"; contract {CONTRACT_ID} expects "
_R_DESCRIPTION = "(r, the sigmoid value)"

#: Contract of a fused file (org.xsdnn.runtime.FusedContract): kinematics in, σ mean and spread out.
FUSED_CONTRACT_ID = "xsdnn-fused-1"
_FUSED_INPUTS = ("E_GeV", "theta_deg", "omega_GeV")
_FUSED_MEAN = "sigma_mean"
_FUSED_STD = "sigma_std"
_FUSED_MEMBERS = "sigma_members"
_KEY_CONTRACT = "xsdnn.contract"
_KEY_TARGET_A = "xsdnn.target.a"
_KEY_KIND = "xsdnn.fused.kind"
_KEY_MEMBERS = "xsdnn.fused.members"
_KEY_HIDDEN_WIDTHS = "xsdnn.fused.hidden-widths"
#: Floats one activation tensor of a fused file may hold per run (16 MiB), as FusedModel batches.
_ACTIVATION_BUDGET = 1 << 22
#: Width assumed per member when a fused file does not list its hidden widths.
_ASSUMED_WIDTH = 300

Provider = Union[str, Tuple[str, Mapping[str, Any]]]


def load(
    path: "os.PathLike[str] | str",
    *,
    threads: int = 1,
    providers: Optional[Sequence[Provider]] = None,
) -> "Model":
    """Opens a model directory of either layout, or one fused file, and checks every file's tensors once.

    * xsdnn layout: ``model-card.json``, ``member-NN.onnx`` files and ``SHA256SUMS``; every file the
      checksum list names is hashed and a mismatch refuses the directory, naming the file. Output ``r``;
      A comes from the card's target.
    * model B (xsdnn layout, MC dropout): the card lists no members and ``SHA256SUMS`` lists
      ``mc-dropout.onnx``, which is scored as a fused file; its passes are the members.
    * NuWro layout: ``model_electron_<tag>_<A>_<i>.onnx`` files, no card; output ``Identity:0``; A from the
      file names; members in index order.
    * a path to a file: one fused file (contract ``xsdnn-fused-1``, e.g. ``mc-dropout.onnx`` or an
      ``xsdnn export --fused`` file), no card and no checksum; A from its metadata.

    Member files: input ``input`` float32 [N, 5] = (E/20, ω/20, θ/180, cos θ, Q²/100), output float32 [N, 1].
    Fused files: inputs ``E_GeV``, ``theta_deg``, ``omega_GeV`` float32 [N]; outputs ``sigma_mean``,
    ``sigma_std`` float32 [N] and optionally ``sigma_members`` float32 [N, M]; metadata ``xsdnn.contract`` =
    ``xsdnn-fused-1``, ``xsdnn.fused.members`` = M, ``xsdnn.target.a`` = A.

    :param threads: ONNX Runtime intra-op threads per member session, at least 1. One (the default) suits
        callers that already score from many threads.
    :param providers: ONNX Runtime execution providers in order of preference, names or (name, options)
        pairs as ``onnxruntime.InferenceSession`` takes them; default ``["CPUExecutionProvider"]``. Each must
        be in ``onnxruntime.get_available_providers()``.
    :raises FileNotFoundError: the directory or a member file does not exist
    :raises ContractError: the layout, a checksum, the card or a member's tensors break the contract
    :raises ValueError: bad ``threads`` or ``providers``
    """
    options = _session_options(threads)
    chosen = _checked_providers(providers)
    if os.path.isfile(path):
        fused = _Fused.open(Path(path), options, chosen)
        directory = _directory.ModelDirectory("fused", None, (), _FUSED_MEAN, fused.mass_number, Path(path))
        return Model(Path(path), directory, [], threads, fused)
    directory = _directory.resolve(path)
    if directory.fused_file is not None:
        fused = _Fused.open(directory.fused_file, options, chosen)
        if fused.mass_number != directory.mass_number:
            fused.close()
            raise ContractError(
                f"{fused.file_name}: metadata {_KEY_TARGET_A} is {fused.mass_number}, {_directory.CARD_FILE} gives "
                f"target mass number {directory.mass_number}; the directory mixes two exports.{_REMEDY}"
            )
        return Model(Path(path), directory, [], threads, fused)
    members = [_Member.open(f, directory.output_name, options, chosen) for f in directory.member_files]
    return Model(Path(path), directory, members, threads)


class Model:
    """A model opened for scoring: one ONNX Runtime session per member file, created once; or, for a model-B
    directory and a lone fused file, one session for the fused file, whose M members (or dropout passes) are
    the members here.

    Thread-safe: one instance may serve many threads at once. :meth:`close` waits for calls in progress;
    later calls raise RuntimeError. Also a context manager that closes on exit.
    """

    def __init__(
        self,
        path: Path,
        directory: "_directory.ModelDirectory",
        members: List["_Member"],
        threads: int,
        fused: Optional["_Fused"] = None,
    ):
        self._path = path
        self._directory = directory
        self._members = tuple(members)
        self._fused = fused
        self._threads = threads
        warnings = []
        for m in list(members) + ([fused] if fused is not None else []):
            for w in m.warnings:
                if w not in warnings:
                    warnings.append(w)
        self._warnings = tuple(warnings)
        self._guard = _CloseGuard("Model")

    # ---- what the directory holds -------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._path

    @property
    def layout(self) -> str:
        """``"xsdnn"`` or ``"nuwro"`` for directories (a model-B directory is ``"xsdnn"``), ``"fused"`` for a
        lone fused file."""
        return self._directory.layout

    @property
    def card(self) -> Optional[ModelCard]:
        """The model card; None for third-party (NuWro) directories and lone fused files."""
        return self._directory.card

    @property
    def members(self) -> int:
        """Number of ensemble members; for a fused file its M (MC dropout: the number of passes)."""
        if self._fused is not None:
            return self._fused.members
        return len(self._members)

    @property
    def member_files(self) -> Tuple[str, ...]:
        """Member file names, in ensemble order; empty when the model scores through a fused file."""
        return tuple(m.file_name for m in self._members)

    @property
    def fused_file(self) -> Optional[str]:
        """Name of the fused file the model scores through (``mc-dropout.onnx`` for model B); None for members."""
        return self._fused.file_name if self._fused is not None else None

    @property
    def kind(self) -> str:
        """``"ensemble"`` (member files, or a fused ensemble) or ``"mc-dropout"`` (the fused file's
        ``xsdnn.fused.kind``)."""
        if self._fused is not None:
            return self._fused.metadata.get(_KEY_KIND, "") or "ensemble"
        return "ensemble"

    @property
    def has_per_member(self) -> bool:
        """Whether ``predict(..., members=True)`` works: always for member files; for a fused file when it has
        the ``sigma_members`` output."""
        return self._fused.per_member if self._fused is not None else True

    @property
    def fused_metadata(self) -> Optional[Mapping[str, str]]:
        """The fused file's ONNX ``metadata_props`` (``xsdnn.*`` keys), read on open; None for member files."""
        return self._fused.metadata if self._fused is not None else None

    @property
    def mass_number(self) -> int:
        """A of the target nucleus, from the card or from NuWro file names; σ scales with A/12."""
        return self._directory.mass_number

    @property
    def output_name(self) -> str:
        """The members' output tensor: ``r`` (xsdnn) or ``Identity:0`` (NuWro); ``sigma_mean`` for a fused file."""
        if self._fused is not None:
            return _FUSED_MEAN
        return self._directory.output_name

    @property
    def threads(self) -> int:
        return self._threads

    @property
    def providers(self) -> Tuple[str, ...]:
        """Execution providers the sessions actually use, in order of preference."""
        if self._fused is not None:
            return self._fused.providers
        return self._members[0].providers

    @property
    def warnings(self) -> Tuple[str, ...]:
        """Why options were not honoured (e.g. a provider that did not start); empty when all were."""
        return self._warnings

    def member_metadata(self, member: int) -> Mapping[str, str]:
        """Member ``member``'s ONNX ``metadata_props`` (``xsdnn.*`` keys for xsdnn files), read on open.

        :raises ValueError: the model scores through a fused file (see :attr:`fused_metadata`)
        """
        self._require_member_files("member_metadata")
        return self._members[member].metadata

    def _require_member_files(self, what: str) -> None:
        if self._fused is not None:
            raise ValueError(
                f"{what}: {self._fused.file_name} is one fused file (contract {FUSED_CONTRACT_ID}) with no member "
                f"files; use predict(..., members=True) for each member's sigma and fused_metadata for its metadata"
            )

    # ---- scoring ------------------------------------------------------------------------------------------

    def predict(
        self,
        E: Any,
        theta: Any,
        omega: Any,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        members: bool = False,
    ):
        """σ = r · S(E, θ) · A/12 in nb/(sr·GeV): mean and population standard deviation over the members.

        :param E: beam energy [GeV]
        :param theta: scattering angle [degrees]
        :param omega: energy transfer [GeV]; E, theta and omega are broadcast against each other
        :param batch_size: points per ONNX Runtime call, at least 1 (a fused file also caps it at
            2²² / (M · widest hidden layer) points, so that its [M, N, width] activations stay near 16 MiB)
        :param members: also return every member's σ
        :returns: ``(mean, std)``, float64 arrays of the broadcast shape; with ``members=True``
            ``(mean, std, per_member)``, per_member of shape ``(members,) + shape`` ([members, N] for 1-d input)
        :raises ValueError: the inputs do not broadcast, or a point is unphysical (the message names its index
            and value: E > 0 and finite, 0 < θ ≤ 180, 0 ≤ ω < E), or ``members=True`` for a fused file
            without the ``sigma_members`` output
        :raises ScoringError: ONNX Runtime failed

        A fused file computes σ, its mean and its std itself (float64 inside, float32 outputs); they are
        returned as the file gives them, with E, θ, ω rounded to float32 on the way in.
        """
        batch = _batch_size(batch_size)
        e, t, w = _broadcast(E, theta, omega)
        shape = e.shape
        e, t, w = e.reshape(-1), t.reshape(-1), w.reshape(-1)
        _validate(e, t, w, shape)
        if self._fused is not None:
            return self._predict_fused(e, t, w, shape, batch, members)
        x = kinematics.features(e, t, w)
        n = e.shape[0]
        with self._guard.enter():
            per_member = np.empty((len(self._members), n), dtype=np.float64)
            for m, member in enumerate(self._members):
                for start in range(0, n, batch):
                    per_member[m, start : start + batch] = member.r(x[start : start + batch])
        scale = kinematics.scale_nb_per_sr_gev(e, t)
        a = self.mass_number
        for m in range(per_member.shape[0]):
            per_member[m] = per_member[m] * scale * a / 12.0
        mean, std = _mean_and_std(per_member)
        mean, std = mean.reshape(shape), std.reshape(shape)
        if members:
            return mean, std, per_member.reshape((per_member.shape[0],) + shape)
        return mean, std

    def _predict_fused(self, e, t, w, shape, batch: int, members: bool):
        fused = self._fused
        if members and not fused.per_member:
            raise ValueError(
                f"{fused.file_name}: has no output {_FUSED_MEMBERS}, so per-member sigma is not available; "
                f"call predict without members=True"
            )
        n = e.shape[0]
        step = min(batch, fused.points_per_run)
        e32, t32, w32 = e.astype(np.float32), t.astype(np.float32), w.astype(np.float32)
        mean = np.empty(n, dtype=np.float64)
        std = np.empty(n, dtype=np.float64)
        per_member = np.empty((fused.members, n), dtype=np.float64) if members else None
        with self._guard.enter():
            for start in range(0, n, step):
                end = min(n, start + step)
                m, s, each = fused.run(e32[start:end], t32[start:end], w32[start:end], members)
                mean[start:end] = m
                std[start:end] = s
                if members:
                    per_member[:, start:end] = each
        if members:
            return mean.reshape(shape), std.reshape(shape), per_member.reshape((fused.members,) + shape)
        return mean.reshape(shape), std.reshape(shape)

    def member_r(self, member: int, features: Any) -> np.ndarray:
        """Member ``member``'s raw output r for scaled features [n, 5] (float32); for verification.

        :raises ValueError: the model scores through a fused file, which has no per-member r
        """
        self._require_member_files("member_r")
        if not 0 <= member < len(self._members):
            raise IndexError(f"member {member}; expected 0 <= member < {len(self._members)}")
        x = np.ascontiguousarray(features, dtype=np.float32)
        if x.ndim != 2 or x.shape[1] != kinematics.FEATURES:
            raise ValueError(f"features has shape {list(x.shape)}; expected [n, {kinematics.FEATURES}]")
        with self._guard.enter():
            return self._members[member].r(x)

    # ---- lifecycle ----------------------------------------------------------------------------------------

    def close(self) -> None:
        """Waits for calls in progress, then releases every session. Idempotent."""
        if self._guard.mark_closed():
            for m in self._members:
                m.close()
            if self._fused is not None:
                self._fused.close()

    def __enter__(self) -> "Model":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        name = self.card.name if self.card is not None else None
        return (
            f"Model(path={str(self._path)!r}, layout={self.layout!r}, name={name!r}, members={self.members}, "
            f"mass_number={self.mass_number}, providers={list(self.providers)})"
        )


def _load_session(
    path: Path, what: str, options: ort.SessionOptions, providers: List[Provider]
) -> ort.InferenceSession:
    """An ONNX Runtime session on ``path``; a missing file or one ONNX Runtime refuses is named as ``what``."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: expected {what}")
    try:
        return ort.InferenceSession(os.fspath(path), sess_options=options, providers=providers)
    except Exception as e:  # onnxruntime raises its own pybind exception types
        message = str(e).strip()
        raise ContractError(f"{path.name}: ONNX Runtime cannot load it: {message}.{_REMEDY}") from e


class _Member:
    """One member file in one ONNX Runtime session, contract checked on open."""

    def __init__(self, file_name: str, output_name: str, session: ort.InferenceSession, warnings: List[str]):
        self.file_name = file_name
        self.output_name = output_name
        self._session: Optional[ort.InferenceSession] = session
        self.providers = tuple(session.get_providers())
        self.metadata = MappingProxyType(dict(session.get_modelmeta().custom_metadata_map))
        self.warnings = tuple(warnings)

    @classmethod
    def open(cls, path: Path, output_name: str, options: ort.SessionOptions, providers: List[Provider]) -> "_Member":
        file_name = path.name
        session = _load_session(path, "an ONNX member file", options, providers)
        _check_tensors(file_name, session, output_name)
        active = session.get_providers()
        warnings = []
        for p in providers:
            name = p if isinstance(p, str) else p[0]
            if name not in active:
                warnings.append(f"{name} requested, but it did not start; scoring with {active}.")
        return cls(file_name, output_name, session, warnings)

    def r(self, features: np.ndarray) -> np.ndarray:
        """r ∈ (0, 1) in float64 for contiguous float32 features [n, 5]."""
        n = features.shape[0]
        if n == 0:
            return np.empty(0, dtype=np.float64)
        session = self._session
        if session is None:
            raise RuntimeError("Trying to score a closed Model.")
        try:
            (out,) = session.run([self.output_name], {INPUT_NAME: features})
        except Exception as e:
            raise ScoringError(f"{self.file_name}: ONNX Runtime failed on {n} points: {e}") from e
        out = np.asarray(out)
        if out.shape != (n, 1):
            raise ScoringError(
                f'{self.file_name}: output "{self.output_name}" has shape [{", ".join(map(str, out.shape))}] '
                f"for {n} points; expected [{n}, 1]"
            )
        return out[:, 0].astype(np.float64)

    def close(self) -> None:
        self._session = None


class _Fused:
    """One fused file (contract xsdnn-fused-1) in one ONNX Runtime session, contract checked on open;
    mirrors ``org.xsdnn.runtime.FusedModel``."""

    def __init__(
        self,
        file_name: str,
        session: ort.InferenceSession,
        metadata: Mapping[str, str],
        members: int,
        per_member: bool,
        mass_number: int,
        points_per_run: int,
        warnings: List[str],
    ):
        self.file_name = file_name
        self._session: Optional[ort.InferenceSession] = session
        self.metadata = metadata
        self.members = members
        self.per_member = per_member
        self.mass_number = mass_number
        self.points_per_run = points_per_run
        self.providers = tuple(session.get_providers())
        self.warnings = tuple(warnings)

    @classmethod
    def open(cls, path: Path, options: ort.SessionOptions, providers: List[Provider]) -> "_Fused":
        file_name = path.name
        session = _load_session(path, "a fused xsdnn ONNX file", options, providers)
        metadata = MappingProxyType(dict(session.get_modelmeta().custom_metadata_map))
        members, per_member = _check_fused(file_name, session, metadata)
        mass_number = _positive_int(file_name, metadata, _KEY_TARGET_A)
        width = max(_hidden_widths(metadata) or [_ASSUMED_WIDTH])
        points_per_run = max(1, _ACTIVATION_BUDGET // (members * max(1, width)))
        active = session.get_providers()
        warnings = []
        for p in providers:
            name = p if isinstance(p, str) else p[0]
            if name not in active:
                warnings.append(f"{name} requested, but it did not start; scoring with {active}.")
        return cls(file_name, session, metadata, members, per_member, mass_number, points_per_run, warnings)

    def run(self, e: np.ndarray, t: np.ndarray, w: np.ndarray, members: bool):
        """(mean [n], std [n], per-member [M, n] or None) in float64 for float32 E, θ, ω of n points."""
        n = e.shape[0]
        if n == 0:
            return np.empty(0), np.empty(0), (np.empty((self.members, 0)) if members else None)
        session = self._session
        if session is None:
            raise RuntimeError("Trying to score a closed Model.")
        names = [_FUSED_MEAN, _FUSED_STD] + ([_FUSED_MEMBERS] if members else [])
        feeds = dict(zip(_FUSED_INPUTS, (e, t, w)))
        try:
            outputs = session.run(names, feeds)
        except Exception as ex:
            raise ScoringError(f"{self.file_name}: ONNX Runtime failed on {n} points: {ex}") from ex
        expected = [(n,), (n,)] + ([(n, self.members)] if members else [])
        result = []
        for name, out, shape in zip(names, outputs, expected):
            out = np.asarray(out)
            if out.shape != shape:
                raise ScoringError(
                    f'{self.file_name}: output "{name}" has shape [{", ".join(map(str, out.shape))}]; '
                    f"expected [{', '.join(map(str, shape))}]"
                )
            result.append(out.astype(np.float64))
        return result[0], result[1], (result[2].T if members else None)

    def close(self) -> None:
        self._session = None


def _check_fused(file_name: str, session: ort.InferenceSession, metadata: Mapping[str, str]) -> Tuple[int, bool]:
    """The contract of a fused file (org.xsdnn.runtime.FusedContract.check): (M, has sigma_members)."""
    contract = metadata.get(_KEY_CONTRACT)
    if contract != FUSED_CONTRACT_ID:
        found = "missing" if contract is None else f'"{contract}"'
        raise ContractError(
            f'{file_name}: metadata {_KEY_CONTRACT} is {found}; a fused model has "{FUSED_CONTRACT_ID}". '
            f"For member files (contract {CONTRACT_ID} or NuWro's) use xsdnn.load on their directory."
        )
    inputs = {i.name: i for i in session.get_inputs()}
    if set(inputs) != set(_FUSED_INPUTS):
        raise ContractError(
            f"{file_name}: inputs are [{', '.join(sorted(inputs))}]; contract {FUSED_CONTRACT_ID} expects "
            f"[{', '.join(_FUSED_INPUTS)}], float32 [N] each (GeV, degrees, GeV).{_REMEDY}"
        )
    for name in _FUSED_INPUTS:
        _require_vector(file_name, "input", inputs[name])
    outputs = {o.name: o for o in session.get_outputs()}
    for name in (_FUSED_MEAN, _FUSED_STD):
        if name not in outputs:
            raise ContractError(
                f"{file_name}: outputs are [{', '.join(sorted(outputs))}]; contract {FUSED_CONTRACT_ID} expects "
                f"{_FUSED_MEAN} and {_FUSED_STD}, float32 [N] in nb/(sr·GeV).{_REMEDY}"
            )
        _require_vector(file_name, "output", outputs[name])
    members = _positive_int(file_name, metadata, _KEY_MEMBERS)
    _positive_int(file_name, metadata, _KEY_TARGET_A)
    node = outputs.get(_FUSED_MEMBERS)
    if node is not None:
        shape = node.shape
        if not (
            node.type == "tensor(float)"
            and shape is not None
            and len(shape) == 2
            and not isinstance(shape[0], int)
            and shape[1] == members
        ):
            raise ContractError(
                f"{file_name}: output {_FUSED_MEMBERS} is {_describe(node)}; contract {FUSED_CONTRACT_ID} expects "
                f"float32 [N,{members}] ({_KEY_MEMBERS} = {members}).{_REMEDY}"
            )
    return members, node is not None


def _require_vector(file_name: str, what: str, node: Any) -> None:
    shape = node.shape
    if not (node.type == "tensor(float)" and shape is not None and len(shape) == 1 and not isinstance(shape[0], int)):
        raise ContractError(
            f"{file_name}: {what} {node.name} is {_describe(node)}; contract {FUSED_CONTRACT_ID} expects float32 [N], "
            f"N free.{_REMEDY}"
        )


def _positive_int(file_name: str, metadata: Mapping[str, str], key: str) -> int:
    value = metadata.get(key)
    try:
        n = int((value or "").strip(), 10)
        if n >= 1:
            return n
    except ValueError:
        pass
    found = "missing" if value is None else f'"{value}"'
    raise ContractError(
        f"{file_name}: metadata {key} is {found}; contract {FUSED_CONTRACT_ID} expects a whole number >= 1.{_REMEDY}"
    )


def _hidden_widths(metadata: Mapping[str, str]) -> List[int]:
    value = metadata.get(_KEY_HIDDEN_WIDTHS, "")
    if not value.strip():
        return []
    try:
        return [int(part.strip()) for part in value.split(",")]
    except ValueError:
        return []


# ---- the tensor contract, checked once on open (org.xsdnn.runtime.TensorContract) ---------------------------


def _check_tensors(file_name: str, session: ort.InferenceSession, output_name: str) -> None:
    width = kinematics.FEATURES
    inputs = session.get_inputs()
    named = [i for i in inputs if i.name == INPUT_NAME]
    if len(inputs) != 1 or not named:
        raise ContractError(
            f'{file_name}: inputs are {_describe_all(inputs)}{_EXPECTS}one input "{INPUT_NAME}" float32 '
            f"[N,{width}] {kinematics.INPUT_DESCRIPTION}.{_REMEDY}"
        )
    if not _is_float_batch_of(named[0], width):
        raise ContractError(
            f'{file_name}: input "{INPUT_NAME}" is {_describe(named[0])}{_EXPECTS}[N,{width}] '
            f"{kinematics.INPUT_DESCRIPTION}.{_REMEDY}"
        )
    outputs = session.get_outputs()
    found = [o for o in outputs if o.name == output_name]
    if not found:
        raise ContractError(
            f'{file_name}: outputs are {_describe_all(outputs)}{_EXPECTS}an output "{output_name}" float32 [N,1] '
            f"{_R_DESCRIPTION}.{_REMEDY}"
        )
    if not _is_float_batch_of(found[0], 1):
        raise ContractError(
            f'{file_name}: output "{output_name}" is {_describe(found[0])}{_EXPECTS}[N,1] {_R_DESCRIPTION}.{_REMEDY}'
        )


def _is_float_batch_of(node: Any, width: int) -> bool:
    """float32 [N, width] with a free batch dimension."""
    shape = node.shape
    return (
        node.type == "tensor(float)"
        and shape is not None
        and len(shape) == 2
        and not isinstance(shape[0], int)
        and isinstance(shape[1], int)
        and shape[1] == width
    )


def _describe_all(nodes: Sequence[Any]) -> str:
    return "[" + ", ".join(f'"{n.name}" {_describe(n)}' for n in nodes) + "]"


_TYPE_NAMES = {"float": "float32", "double": "float64", "float16": "float16"}


def _describe(node: Any) -> str:
    """e.g. ``float32 [N,4]``: dynamic dimensions show their symbolic name, or ? when unnamed."""
    kind = node.type
    if not (kind.startswith("tensor(") and kind.endswith(")")):
        return kind
    element = kind[len("tensor(") : -1]
    dims = []
    for d in node.shape or []:
        if isinstance(d, int) and d >= 0:
            dims.append(str(d))
        elif isinstance(d, str) and d:
            dims.append(d)
        else:
            dims.append("?")
    return f"{_TYPE_NAMES.get(element, element)} [{','.join(dims)}]"


# ---- options ------------------------------------------------------------------------------------------------


def _session_options(threads: int) -> ort.SessionOptions:
    if isinstance(threads, bool) or not isinstance(threads, (int, np.integer)) or threads < 1:
        raise ValueError(f"threads = {threads!r}; expected an integer, at least 1")
    options = ort.SessionOptions()
    options.intra_op_num_threads = int(threads)
    return options


def _checked_providers(providers: Optional[Sequence[Provider]]) -> List[Provider]:
    available = list(ort.get_available_providers())
    if providers is None:
        return ["CPUExecutionProvider"]
    if isinstance(providers, str):
        providers = [providers]
    chosen = list(providers)
    if not chosen:
        raise ValueError(f"providers is empty; expected one or more of {available}")
    for p in chosen:
        name = p if isinstance(p, str) else (p[0] if isinstance(p, tuple) and len(p) == 2 else None)
        if not isinstance(name, str):
            raise ValueError(f"provider {p!r}; expected a name or a (name, options) pair, names one of {available}")
        if name not in available:
            raise ValueError(
                f'provider "{name}" is not available in this onnxruntime build; expected one of {available}. '
                "Install the onnxruntime package built for it (e.g. onnxruntime-gpu for CUDAExecutionProvider)."
            )
    return chosen


def _batch_size(batch_size: int) -> int:
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size = {batch_size!r}; expected an integer, at least 1")
    return int(batch_size)


# ---- points -------------------------------------------------------------------------------------------------


def _broadcast(E: Any, theta: Any, omega: Any) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    arrays = []
    for name, value in (("E", E), ("theta", theta), ("omega", omega)):
        try:
            arrays.append(np.asarray(value, dtype=np.float64))
        except (TypeError, ValueError) as e:
            raise ValueError(f"{name} is not an array of numbers: {e}") from e
    try:
        e, t, w = np.broadcast_arrays(*arrays)
    except ValueError:
        shapes = ", ".join(str(a.shape) for a in arrays)
        raise ValueError(f"E, theta and omega must broadcast to one shape; got shapes {shapes}") from None
    return e, t, w


def _validate(e: np.ndarray, t: np.ndarray, w: np.ndarray, shape: Tuple[int, ...]) -> None:
    """Same rule and text as Java: the first unphysical point, by its index."""
    with np.errstate(invalid="ignore"):
        ok = (e > 0) & ~np.isinf(e) & (t > 0) & (t <= 180) & (w >= 0) & (w < e)
    if ok.all():
        return
    i = int(np.argmin(ok))
    problem = kinematics.validate(e[i], t[i], w[i])
    if len(shape) <= 1:
        where = str(i)
    else:
        where = "(" + ", ".join(str(int(k)) for k in np.unravel_index(i, shape)) + ")"
    raise ValueError(f"point {where}: {problem}")


def _mean_and_std(per_member: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Mean and population standard deviation over axis 0, summed member by member as Java does."""
    count = per_member.shape[0]
    total = np.zeros(per_member.shape[1], dtype=np.float64)
    for sigma in per_member:
        total += sigma
    mean = total / count
    squares = np.zeros_like(mean)
    for sigma in per_member:
        d = sigma - mean
        squares += d * d
    return mean, np.sqrt(squares / count)


class _CloseGuard:
    """Lets many threads score at once while close() waits for them."""

    def __init__(self, owner: str):
        self._owner = owner
        self._cond = threading.Condition()
        self._active = 0
        self._closed = False

    @contextlib.contextmanager
    def enter(self) -> Iterator[None]:
        with self._cond:
            if self._closed:
                raise RuntimeError(f"Trying to score a closed {self._owner}.")
            self._active += 1
        try:
            yield
        finally:
            with self._cond:
                self._active -= 1
                if self._active == 0:
                    self._cond.notify_all()

    def mark_closed(self) -> bool:
        """Waits for calls in progress, then marks closed; False when it was closed already."""
        with self._cond:
            first = not self._closed
            self._closed = True
            while self._active:
                self._cond.wait()
            return first
