"""Model B: a model directory whose card lists no members and which is scored through mc-dropout.onnx
(contract xsdnn-fused-1), and lone fused files passed to xsdnn.load directly. On a copy of a real export."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from golden import assert_close, read_shipped
from test_shipped_golden import check_golden

import xsdnn
from xsdnn import checksums


def _rewrite_sums(directory: Path, drop: str = "") -> None:
    names = [n for n in checksums.parse((directory / "SHA256SUMS").read_text(encoding="utf-8")) if n != drop]
    sums = {n: checksums.hex_of(directory / n) for n in names}
    (directory / "SHA256SUMS").write_text(checksums.format_sums(sums), encoding="utf-8")


def _error(path) -> str:
    with pytest.raises(xsdnn.ContractError) as e:
        xsdnn.load(path)
    return str(e.value)


def test_opens_as_a_fused_model(model_b_dir):
    card = json.loads((model_b_dir / "model-card.json").read_text(encoding="utf-8"))
    assert card["members"] == []
    with xsdnn.load(model_b_dir) as model:
        assert model.layout == "xsdnn"
        assert model.kind == "mc-dropout"
        assert model.fused_file == "mc-dropout.onnx"
        assert model.member_files == ()
        assert model.members == int(model.fused_metadata["xsdnn.fused.members"]) == 50
        assert model.card.members == ()
        assert model.mass_number == model.card.target.mass_number == 12
        assert model.has_per_member
        assert model.fused_metadata["xsdnn.contract"] == xsdnn.FUSED_CONTRACT_ID


def test_reproduces_its_golden_vectors(model_b_dir):
    with xsdnn.load(model_b_dir) as model:
        check_golden(model_b_dir, model)


def test_mean_and_std_are_those_of_the_passes(model_b_dir):
    g = read_shipped(model_b_dir / "golden.csv")
    with xsdnn.load(model_b_dir) as model:
        mean, std, passes = model.predict(g["E"], g["theta"], g["omega"], members=True)
    # The file computes them in float64 from the float32 passes it also returns, so they agree to float32.
    assert_close(passes.mean(axis=0), mean, "mean over passes")
    assert np.allclose(passes.std(axis=0), std, rtol=1e-5, atol=1e-6 * passes.max(axis=0).max())
    assert (std > 0).all()


def test_batching_broadcasting_and_empty_input(model_b_dir):
    g = read_shipped(model_b_dir / "golden.csv")
    with xsdnn.load(model_b_dir) as model:
        whole = model.predict(g["E"], g["theta"], g["omega"], members=True)
        batched = model.predict(g["E"], g["theta"], g["omega"], members=True, batch_size=7)
        for a, b in zip(whole, batched):
            np.testing.assert_array_equal(a, b)
        omega = np.array([[0.1, 0.2, 0.3], [0.15, 0.25, 0.35]])
        mean, std, passes = model.predict(0.68, 36.0, omega, members=True)
        assert mean.shape == std.shape == (2, 3) and passes.shape == (50, 2, 3)
        m, s = model.predict(0.68, 36.0, omega.reshape(-1))
        np.testing.assert_array_equal(m, mean.reshape(-1))
        empty = model.predict([], [], [], members=True)
        assert empty[0].shape == (0,) and empty[2].shape == (50, 0)
        with pytest.raises(ValueError, match="^point 1: omega = 0.7 GeV; expected 0 <= omega < E = 0.68 GeV$"):
            model.predict(0.68, 36.0, [0.1, 0.7])


def test_member_file_calls_are_refused_with_a_reason(model_b_dir):
    with xsdnn.load(model_b_dir) as model:
        with pytest.raises(ValueError, match="mc-dropout.onnx is one fused file"):
            model.member_r(0, np.zeros((1, 5), dtype=np.float32))
        with pytest.raises(ValueError, match="no member files"):
            model.member_metadata(0)
    with pytest.raises(RuntimeError, match="^Trying to score a closed Model.$"):
        model.predict(0.68, 36.0, 0.1)


def test_damaged_fused_file_is_refused_by_checksum(model_b_dir):
    listed = checksums.parse((model_b_dir / "SHA256SUMS").read_text(encoding="utf-8"))["mc-dropout.onnx"]
    file = model_b_dir / "mc-dropout.onnx"
    data = bytearray(file.read_bytes())
    data[-100] ^= 0x01
    file.write_bytes(bytes(data))
    message = _error(model_b_dir)
    assert message.startswith("mc-dropout.onnx: SHA-256 is ")
    assert f"but SHA256SUMS says {listed}; the file was corrupted or changed after export." in message


def test_fused_file_not_in_checksums_is_refused(model_b_dir):
    _rewrite_sums(model_b_dir, drop="mc-dropout.onnx")
    assert _error(model_b_dir) == (
        f"mc-dropout.onnx: in {model_b_dir} but not listed in SHA256SUMS, so it cannot be trusted. "
        "Re-export with xsdnn export."
    )


def test_card_without_members_or_fused_file_is_refused(model_b_dir):
    (model_b_dir / "mc-dropout.onnx").unlink()
    _rewrite_sums(model_b_dir, drop="mc-dropout.onnx")
    assert _error(model_b_dir) == "model-card.json: lists no members; expected at least one member file."


def test_card_and_file_disagreeing_on_the_nucleus_are_refused(model_b_dir):
    card = json.loads((model_b_dir / "model-card.json").read_text(encoding="utf-8"))
    card["target"]["mass-number"] = 40
    (model_b_dir / "model-card.json").write_text(json.dumps(card), encoding="utf-8")
    _rewrite_sums(model_b_dir)
    assert _error(model_b_dir) == (
        "mc-dropout.onnx: metadata xsdnn.target.a is 12, model-card.json gives target mass number 40; "
        "the directory mixes two exports. Re-export with xsdnn export."
    )


def test_a_lone_fused_file_gives_the_same_numbers(model_b_dir):
    g = read_shipped(model_b_dir / "golden.csv")
    with xsdnn.load(model_b_dir / "mc-dropout.onnx") as lone, xsdnn.load(model_b_dir) as directory:
        assert lone.layout == "fused" and lone.card is None
        assert lone.members == 50 and lone.mass_number == 12 and lone.kind == "mc-dropout"
        for a, b in zip(
            lone.predict(g["E"], g["theta"], g["omega"], members=True),
            directory.predict(g["E"], g["theta"], g["omega"], members=True),
        ):
            np.testing.assert_array_equal(a, b)


def test_a_member_file_is_not_a_fused_file(tiny_dir):
    assert _error(tiny_dir / "member-00.onnx") == (
        'member-00.onnx: metadata xsdnn.contract is missing; a fused model has "xsdnn-fused-1". '
        "For member files (contract xsdnn-1 or NuWro's) use xsdnn.load on their directory."
    )


# ---- the fused contract on tiny hand-made files -------------------------------------------------------------


def _tiny_fused(path: Path, *, metadata: dict, outputs=("sigma_mean", "sigma_std"), members_shape=("N", 2)) -> Path:
    from onnx import TensorProto, helper

    vec = lambda name: helper.make_tensor_value_info(name, TensorProto.FLOAT, ["N"])  # noqa: E731
    nodes = [
        helper.make_node("Add", ["E_GeV", "theta_deg"], ["sigma_mean"]),
        helper.make_node("Identity", ["omega_GeV"], ["sigma_std"]),
        helper.make_node("Unsqueeze", ["E_GeV", "axis"], ["e1"]),
        helper.make_node("Concat", ["e1", "e1"], ["sigma_members"], axis=1),
    ]
    graph_outputs = [vec(o) for o in outputs if o != "sigma_members"]
    if "sigma_members" in outputs:
        graph_outputs.append(helper.make_tensor_value_info("sigma_members", TensorProto.FLOAT, list(members_shape)))
    graph = helper.make_graph(
        nodes,
        "fused",
        [vec("E_GeV"), vec("theta_deg"), vec("omega_GeV")],
        graph_outputs,
        [helper.make_tensor("axis", TensorProto.INT64, [1], [1])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    helper.set_model_props(model, metadata)
    path.write_bytes(model.SerializeToString())
    return path


_FUSED_META = {"xsdnn.contract": "xsdnn-fused-1", "xsdnn.fused.members": "2", "xsdnn.target.a": "12"}


def test_tiny_fused_file_scores_what_it_computes(tmp_path):
    file = _tiny_fused(tmp_path / "f.onnx", metadata=_FUSED_META, outputs=("sigma_mean", "sigma_std", "sigma_members"))
    with xsdnn.load(file) as model:
        assert model.kind == "ensemble" and model.members == 2 and model.has_per_member
        mean, std, each = model.predict([0.5, 1.0], 30.0, [0.1, 0.2], members=True)
        np.testing.assert_array_equal(mean, [30.5, 31.0])
        np.testing.assert_array_equal(std, np.float32([0.1, 0.2]).astype(np.float64))
        np.testing.assert_array_equal(each, [[0.5, 1.0], [0.5, 1.0]])


def test_fused_file_without_per_member_output(tmp_path):
    with xsdnn.load(_tiny_fused(tmp_path / "f.onnx", metadata=_FUSED_META)) as model:
        assert not model.has_per_member
        assert model.predict(1.0, 30.0, 0.1)[0][()] == 31.0
        with pytest.raises(ValueError, match="^f.onnx: has no output sigma_members"):
            model.predict(1.0, 30.0, 0.1, members=True)


@pytest.mark.parametrize(
    "metadata, kwargs, message",
    [
        (
            {**_FUSED_META, "xsdnn.fused.members": "zero"},
            {},
            'f.onnx: metadata xsdnn.fused.members is "zero"; contract xsdnn-fused-1 expects a whole number >= 1. '
            "Re-export with xsdnn export.",
        ),
        (
            {k: v for k, v in _FUSED_META.items() if k != "xsdnn.target.a"},
            {},
            "f.onnx: metadata xsdnn.target.a is missing; contract xsdnn-fused-1 expects a whole number >= 1. "
            "Re-export with xsdnn export.",
        ),
        (
            _FUSED_META,
            {"outputs": ("sigma_mean",)},
            "f.onnx: outputs are [sigma_mean]; contract xsdnn-fused-1 expects sigma_mean and sigma_std, float32 [N] "
            "in nb/(sr·GeV). Re-export with xsdnn export.",
        ),
        (
            {**_FUSED_META, "xsdnn.fused.members": "3"},
            {"outputs": ("sigma_mean", "sigma_std", "sigma_members")},
            "f.onnx: output sigma_members is float32 [N,2]; contract xsdnn-fused-1 expects float32 [N,3] "
            "(xsdnn.fused.members = 3). Re-export with xsdnn export.",
        ),
    ],
)
def test_fused_contract_refusals(tmp_path, metadata, kwargs, message):
    assert _error(_tiny_fused(tmp_path / "f.onnx", metadata=metadata, **kwargs)) == message
