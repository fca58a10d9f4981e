"""The xsdnn layout: card parsed, checksums verified, tensors checked, bad directories refused with the
Java runtime's messages."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
import tinymodels

import xsdnn
from xsdnn import checksums

INPUT = "(E/20, ω/20, θ/180, cos θ, Q²/100)"


def _open_error(directory: Path) -> str:
    with pytest.raises(xsdnn.ContractError) as info:
        xsdnn.load(directory)
    return str(info.value)


def _edit_card(directory: Path, edit) -> None:
    path = directory / "model-card.json"
    card = json.loads(path.read_text(encoding="utf-8"))
    edit(card)
    path.write_text(json.dumps(card), encoding="utf-8")
    tinymodels.rewrite_sums(directory)


def _single(tmp_path: Path, name: str = "member-00.onnx", **kwargs) -> Path:
    return tinymodels.write_xsdnn_dir(tmp_path / "m", {name: tinymodels.mlp_bytes(**kwargs)})


# ---- card -----------------------------------------------------------------------------------------------


def test_card_is_parsed_into_frozen_dataclasses(tiny_dir):
    with xsdnn.load(tiny_dir) as model:
        card = model.card
        assert model.layout == "xsdnn"
        assert model.members == 3
        assert model.member_files == ("member-00.onnx", "member-01.onnx", "member-02.onnx")
        assert model.mass_number == 12
        assert model.output_name == "r"
    assert isinstance(card, xsdnn.ModelCard)
    assert card.name == "tiny"
    assert card.xsdnn_version == "0.1.0"
    assert card.created_at == "2025-01-01T00:00:00Z"
    assert card.target == xsdnn.Target("carbon-12", 6, 12)
    assert card.contract == xsdnn.Contract.xsdnn1()
    assert [m.file for m in card.members] == ["member-00.onnx", "member-01.onnx", "member-02.onnx"]
    assert card.members[1].seed == 101
    assert card.members[1].held_out_chi2_per_point == pytest.approx(1.0)
    assert card.members[0].sha256 == checksums.hex_of(tiny_dir / "member-00.onnx")
    assert dict(card.members[0].lambdas) == {"Barr1983": 1.01, "Whit1974": 0.98}
    assert card.training["epochs"] == 10
    assert card.training["layers"] == (3,)
    assert card.data.files == (xsdnn.DataFile("qes/carbon.csv", "1" * 64),)
    assert card.data.points_cut == 258
    assert dict(card.data.points_cut_per_experiment) == {"Barr1983": 200, "Whit1974": 58}
    assert dict(card.metrics) == {"held-out-chi2-per-point": 1.1}
    assert card.domain.energy_gev == xsdnn.Range(0.16, 5.8)
    assert card.domain.theta_deg == xsdnn.Range(12.0, 145.0)
    assert card.notes == "test"
    with pytest.raises(dataclasses.FrozenInstanceError):
        card.name = "other"
    with pytest.raises(TypeError):
        card.training["epochs"] = 1
    assert isinstance(card.members, tuple)


def test_card_round_trips_through_its_kebab_case_dict(tiny_dir):
    card = xsdnn.ModelCard.read(tiny_dir / "model-card.json")
    again = xsdnn.ModelCard.from_json(json.dumps(card.to_dict()))
    assert again == card
    assert "held-out-chi2-per-point" in card.to_dict()["members"][0]
    assert "energy-gev" in card.to_dict()["domain"]


def test_card_tolerates_unknown_and_missing_fields():
    card = xsdnn.ModelCard.from_json(
        '{"name": "x", "added-in-2030": {"a": 1}, "target": {"name": "C", "mass-number": 12, "spin": 0}}'
    )
    assert card.name == "x"
    assert card.target.mass_number == 12
    assert card.target.proton_number == 0
    assert card.members == ()
    assert dict(card.training) == {}
    assert card.contract is None


def test_contract_prints_like_the_java_record():
    assert str(xsdnn.Contract("xsdnn-2", "input", None, "r", None, None)) == (
        "Contract[id=xsdnn-2, inputName=input, featureOrder=null, outputName=r, units=null, sigmaFormula=null]"
    )


def test_card_that_is_not_json_is_refused_naming_the_file(tiny_dir):
    (tiny_dir / "model-card.json").write_text("{ not json", encoding="utf-8")
    tinymodels.rewrite_sums(tiny_dir)
    assert _open_error(tiny_dir).startswith(f"{tiny_dir / 'model-card.json'}: not a model card: ")


def test_card_with_a_wrong_type_is_refused_saying_which_field(tiny_dir):
    _edit_card(tiny_dir, lambda c: c["target"].update({"mass-number": "twelve"}))
    message = _open_error(tiny_dir)
    assert message.startswith(f"{tiny_dir / 'model-card.json'}: not a model card: ")
    assert '"target.mass-number" is a string; expected an integer' in message


def test_other_contract_is_refused(tiny_dir):
    _edit_card(tiny_dir, lambda c: c["contract"].update({"id": "xsdnn-2"}))
    assert _open_error(tiny_dir) == (
        "model-card.json: contract is Contract[id=xsdnn-2, inputName=input, "
        "featureOrder=E/20,omega/20,theta/180,cos(theta),Q2/100, outputName=r, units=nb/(sr·GeV), "
        "sigmaFormula=sigma = r * 1e9 * cos(theta/2) / (137^2 * 4 * E^3 * sin^4(theta/2)) * A/12; E in GeV, "
        'theta in degrees]; this runtime reads xsdnn-1 (input "input" E/20,omega/20,theta/180,cos(theta),Q2/100, '
        'output "r"). Use the xsdnn version that exported it.'
    )


def test_missing_contract_is_refused(tiny_dir):
    _edit_card(tiny_dir, lambda c: c.pop("contract"))
    assert _open_error(tiny_dir).startswith("model-card.json: contract is null; this runtime reads xsdnn-1")


def test_card_without_members_is_refused(tiny_dir):
    _edit_card(tiny_dir, lambda c: c.update({"members": []}))
    assert _open_error(tiny_dir) == "model-card.json: lists no members; expected at least one member file."


def test_card_without_mass_number_is_refused(tiny_dir):
    _edit_card(tiny_dir, lambda c: c["target"].pop("mass-number"))
    assert _open_error(tiny_dir) == (
        "model-card.json: target mass number A is missing or below 1; expected the nucleus, e.g. A = 12 for carbon."
    )


def test_mass_number_from_card_scales_sigma(tmp_path):
    members = {"member-00.onnx": tinymodels.mlp_bytes(seed=3)}
    carbon = tinymodels.write_xsdnn_dir(tmp_path / "c", members)
    iron = tinymodels.write_xsdnn_dir(tmp_path / "fe", members, mass_number=56)
    with xsdnn.load(carbon) as c, xsdnn.load(iron) as fe:
        assert fe.mass_number == 56
        sc, _ = c.predict(1.2, 30.0, [0.2, 0.4])
        sf, _ = fe.predict(1.2, 30.0, [0.2, 0.4])
    np.testing.assert_allclose(sf, sc * 56 / 12, rtol=1e-15)


# ---- checksums --------------------------------------------------------------------------------------------


def test_corrupted_member_is_refused_naming_the_file(tiny_dir):
    path = tiny_dir / "member-01.onnx"
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x01
    path.write_bytes(bytes(data))
    message = _open_error(tiny_dir)
    listed = checksums.parse((tiny_dir / "SHA256SUMS").read_text())["member-01.onnx"]
    assert message == (
        f"member-01.onnx: SHA-256 is {checksums.hex_of(path)} but SHA256SUMS says {listed}; the file was "
        "corrupted or changed after export. Restore it or re-export with xsdnn export."
    )


def test_corrupted_card_is_refused(tiny_dir):
    with open(tiny_dir / "model-card.json", "a", encoding="utf-8") as f:
        f.write(" ")
    assert _open_error(tiny_dir).startswith("model-card.json: SHA-256 is ")


def test_missing_checksum_file_is_refused(tiny_dir):
    (tiny_dir / "SHA256SUMS").unlink()
    assert _open_error(tiny_dir) == (
        f"{tiny_dir}: has model-card.json but no SHA256SUMS; the export is incomplete. Re-export with xsdnn export."
    )


def test_listed_file_that_is_missing_is_refused(tiny_dir):
    (tiny_dir / "member-02.onnx").unlink()
    assert _open_error(tiny_dir) == (
        f"member-02.onnx: listed in SHA256SUMS but missing from {tiny_dir}. Restore it or re-export with xsdnn export."
    )


def test_card_not_listed_in_checksums_is_refused(tiny_dir):
    sums = checksums.parse((tiny_dir / "SHA256SUMS").read_text())
    del sums["model-card.json"]
    (tiny_dir / "SHA256SUMS").write_text(checksums.format_sums(sums))
    assert _open_error(tiny_dir) == (
        "model-card.json: not listed in SHA256SUMS, so it cannot be trusted. Re-export with xsdnn export."
    )


def test_member_not_listed_in_checksums_is_refused(tiny_dir):
    sums = checksums.parse((tiny_dir / "SHA256SUMS").read_text())
    del sums["member-01.onnx"]
    (tiny_dir / "SHA256SUMS").write_text(checksums.format_sums(sums))
    assert _open_error(tiny_dir) == (
        "member-01.onnx: named in model-card.json but not listed in SHA256SUMS. Re-export with xsdnn export."
    )


def test_card_and_checksums_disagreeing_is_refused(tiny_dir):
    _edit_card(tiny_dir, lambda c: c["members"][0].update({"sha256": "ab" * 32}))
    listed = checksums.hex_of(tiny_dir / "member-00.onnx")
    assert _open_error(tiny_dir) == (
        f"member-00.onnx: model-card.json gives SHA-256 {'ab' * 32}, SHA256SUMS gives {listed}; "
        "the directory mixes two exports. Re-export with xsdnn export."
    )


def test_card_checksum_in_upper_case_is_accepted(tiny_dir):
    _edit_card(tiny_dir, lambda c: c["members"][0].update({"sha256": c["members"][0]["sha256"].upper()}))
    xsdnn.load(tiny_dir).close()


def test_malformed_checksum_line_is_refused(tiny_dir):
    with open(tiny_dir / "SHA256SUMS", "a", encoding="utf-8") as f:
        f.write("\nnot-a-hash  member-00.onnx\n")
    lines = (tiny_dir / "SHA256SUMS").read_text().split("\n")
    number = lines.index("not-a-hash  member-00.onnx") + 1
    assert _open_error(tiny_dir) == (
        f'SHA256SUMS:{number}: "not-a-hash  member-00.onnx"; expected <64 hex digits>  <file name>'
    )


def test_checksum_entry_outside_the_directory_is_refused(tiny_dir):
    with open(tiny_dir / "SHA256SUMS", "a", encoding="utf-8") as f:
        f.write(f"{'0' * 64}  ../elsewhere.onnx\n")
    assert _open_error(tiny_dir) == (
        'SHA256SUMS: lists "../elsewhere.onnx"; expected plain file names inside the model directory.'
    )


def test_checksums_in_binary_mode_are_accepted(tiny_dir):
    sums = checksums.parse((tiny_dir / "SHA256SUMS").read_text())
    (tiny_dir / "SHA256SUMS").write_text("".join(f"{h.upper()} *{n}\n" for n, h in sums.items()))
    xsdnn.load(tiny_dir).close()


# ---- tensors ---------------------------------------------------------------------------------------------


def test_wrong_input_shape_is_refused_with_the_contract_message(tmp_path):
    directory = _single(tmp_path, "member-07.onnx", width=4)
    assert _open_error(directory) == (
        f'member-07.onnx: input "input" is float32 [N,4]; contract xsdnn-1 expects [N,5] {INPUT}. '
        "Re-export with xsdnn export."
    )


def test_fixed_batch_dimension_is_refused(tmp_path):
    directory = _single(tmp_path, batch_dim=1)
    assert _open_error(directory) == (
        f'member-00.onnx: input "input" is float32 [1,5]; contract xsdnn-1 expects [N,5] {INPUT}. '
        "Re-export with xsdnn export."
    )


def test_double_input_is_refused(tmp_path):
    directory = _single(tmp_path, input_type=tinymodels.TensorProto.DOUBLE)
    assert _open_error(directory).startswith('member-00.onnx: input "input" is float64 [N,5]; contract xsdnn-1')


def test_unnamed_dynamic_dimension_prints_as_question_mark(tmp_path):
    directory = _single(tmp_path, width=4, batch_dim=None)
    assert _open_error(directory).startswith('member-00.onnx: input "input" is float32 [?,4];')


def test_second_input_is_refused(tmp_path):
    directory = _single(tmp_path, extra_input="extra")
    assert _open_error(directory) == (
        'member-00.onnx: inputs are ["input" float32 [N,5], "extra" float32 [N,1]]; contract xsdnn-1 expects '
        f'one input "input" float32 [N,5] {INPUT}. Re-export with xsdnn export.'
    )


def test_wrong_input_name_is_refused(tmp_path):
    directory = _single(tmp_path, input_name="x")
    assert _open_error(directory) == (
        'member-00.onnx: inputs are ["x" float32 [N,5]]; contract xsdnn-1 expects '
        f'one input "input" float32 [N,5] {INPUT}. Re-export with xsdnn export.'
    )


def test_wrong_output_name_is_refused(tmp_path):
    directory = _single(tmp_path, output_name="Identity:0")
    assert _open_error(directory) == (
        'member-00.onnx: outputs are ["Identity:0" float32 [N,1]]; contract xsdnn-1 expects an output '
        '"r" float32 [N,1] (r, the sigmoid value). Re-export with xsdnn export.'
    )


def test_unreadable_onnx_is_refused_naming_the_file(tmp_path):
    directory = tinymodels.write_xsdnn_dir(tmp_path / "m", {"member-00.onnx": bytes([1, 2, 3])})
    message = _open_error(directory)
    assert message.startswith("member-00.onnx: ONNX Runtime cannot load it: ")
    assert message.endswith(". Re-export with xsdnn export.")


def test_member_metadata_is_read_on_open(tmp_path):
    directory = _single(tmp_path, metadata={"xsdnn.contract": "xsdnn-1", "xsdnn.target.a": "12"})
    with xsdnn.load(directory) as model:
        assert model.member_metadata(0)["xsdnn.target.a"] == "12"
        with pytest.raises(TypeError):
            model.member_metadata(0)["x"] = "y"


# ---- directories of neither or the NuWro layout ----------------------------------------------------------


def test_directory_of_neither_layout_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("nothing here")
    assert _open_error(tmp_path) == (
        f"{tmp_path}: neither model-card.json (xsdnn layout) nor model_electron_<tag>_<A>_<i>.onnx files "
        "(NuWro layout); found [notes.txt]."
    )


def test_missing_directory_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="expected a model directory"):
        xsdnn.load(tmp_path / "absent")


def test_nuwro_layout_orders_members_by_index(tmp_path):
    for i, seed in ((10, 1), (2, 2), (0, 3)):
        (tmp_path / f"model_electron_B_16_{i}.onnx").write_bytes(
            tinymodels.mlp_bytes(seed=seed, output_name="Identity:0")
        )
    with xsdnn.load(tmp_path) as model:
        assert model.member_files == (
            "model_electron_B_16_0.onnx",
            "model_electron_B_16_2.onnx",
            "model_electron_B_16_10.onnx",
        )
        assert model.mass_number == 16
        assert model.card is None
        x = xsdnn.features([0.68], [36.0], [0.1])
        expected = tinymodels.mlp_r(tinymodels.mlp_weights(1), x)
        np.testing.assert_allclose(model.member_r(2, x), expected, rtol=3e-5)


def test_nuwro_files_of_two_models_are_refused(tmp_path):
    for name in ("model_electron_A_12_0.onnx", "model_electron_A_16_1.onnx"):
        (tmp_path / name).write_bytes(tinymodels.mlp_bytes(output_name="Identity:0"))
    assert _open_error(tmp_path) == (
        f"{tmp_path}: NuWro files of two models (model_electron_A_12_0.onnx, model_electron_A_16_1.onnx); "
        "expected one tag and one A per directory."
    )


def test_nuwro_mass_number_zero_is_refused(tmp_path):
    (tmp_path / "model_electron_A_0_0.onnx").write_bytes(tinymodels.mlp_bytes(output_name="Identity:0"))
    assert _open_error(tmp_path) == ("model_electron_A_0_0.onnx: mass number A = 0 in the file name; expected A >= 1.")


def test_nuwro_file_with_xsdnn_output_name_is_refused(tmp_path):
    (tmp_path / "model_electron_A_12_0.onnx").write_bytes(tinymodels.mlp_bytes(output_name="r"))
    assert _open_error(tmp_path).startswith(
        'model_electron_A_12_0.onnx: outputs are ["r" float32 [N,1]]; contract xsdnn-1 expects an output "Identity:0"'
    )


def test_contract_error_is_a_value_error():
    assert issubclass(xsdnn.ContractError, ValueError)


# ---- NuWro layout with SHA256SUMS ---------------------------------------------------------------------------


def _nuwro_with_sums(directory: Path) -> Path:
    directory.mkdir()
    for i in range(2):
        (directory / f"model_electron_A_12_{i}.onnx").write_bytes(
            tinymodels.mlp_bytes(output_name="Identity:0", seed=i)
        )
    names = sorted(p.name for p in directory.iterdir())
    sums = {name: checksums.hex_of(directory / name) for name in names}
    (directory / "SHA256SUMS").write_text(checksums.format_sums(sums), encoding="utf-8")
    return directory


def test_nuwro_checksums_are_verified_when_present(tmp_path):
    directory = _nuwro_with_sums(tmp_path / "n")
    assert xsdnn.load(directory).members == 2
    member = directory / "model_electron_A_12_1.onnx"
    data = bytearray(member.read_bytes())
    data[-3] ^= 1
    member.write_bytes(bytes(data))
    assert _open_error(directory).startswith("model_electron_A_12_1.onnx: SHA-256 is ")


def test_nuwro_member_missing_from_the_checksums_is_refused(tmp_path):
    directory = _nuwro_with_sums(tmp_path / "n")
    (directory / "model_electron_A_12_2.onnx").write_bytes(tinymodels.mlp_bytes(output_name="Identity:0"))
    assert _open_error(directory) == (
        "model_electron_A_12_2.onnx: not listed in SHA256SUMS. Restore the file set or write it again with xsdnn."
    )
