"""The JSON Schemas in runtime/schema: valid draft 2020-12, the packaged copy identical to the source, every
shipped card valid, and broken cards and table headers refused naming the field."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import ONNX_MODELS, REPO

import xsdnn
from xsdnn import card as cardmodule

SCHEMA_DIR = REPO / "runtime" / "schema"
CARD_SCHEMA = SCHEMA_DIR / "model-card.schema.json"
HEADER_SCHEMA = SCHEMA_DIR / "xsdt-header.schema.json"
PACKAGED = Path(cardmodule.__file__).parent / "schema" / "model-card.schema.json"

SHIPPED_CARDS = sorted(ONNX_MODELS.glob("*/model-card.json")) + sorted(ONNX_MODELS.glob("shards/*/model-card.json"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", [CARD_SCHEMA, HEADER_SCHEMA], ids=lambda p: p.name)
def test_schemas_are_valid_draft_2020_12(path):
    schema = _load(path)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"].startswith("urn:xsdnn:schema:")


def test_packaged_card_schema_is_the_one_in_runtime_schema():
    assert PACKAGED.read_bytes() == CARD_SCHEMA.read_bytes(), (
        f"{PACKAGED} differs from {CARD_SCHEMA}; copy the source: cp {CARD_SCHEMA} {PACKAGED}"
    )
    assert cardmodule.schema()["$id"] == cardmodule.SCHEMA_ID == _load(CARD_SCHEMA)["$id"]


def test_there_are_shipped_cards():
    # Guards the parametrized test below against an empty glob passing vacuously.
    assert len(SHIPPED_CARDS) >= 1, f"no model-card.json under {ONNX_MODELS}"


@pytest.mark.parametrize("path", SHIPPED_CARDS, ids=lambda p: str(p.relative_to(ONNX_MODELS)))
def test_every_shipped_card_validates(path):
    value = _load(path)
    jsonschema.Draft202012Validator(_load(CARD_SCHEMA)).validate(value)
    card = xsdnn.ModelCard.read(path)
    assert card.target.mass_number >= 1
    assert len(card.members) == len(value["members"])


def _tiny_card() -> dict:
    return {
        "name": "tiny",
        "xsdnn-version": "0.1.0",
        "created-at": "2026-01-01T00:00:00Z",
        "target": {"name": "C12", "proton-number": 6, "mass-number": 12},
        "contract": {
            "id": "xsdnn-1",
            "input-name": "input",
            "feature-order": "E/20,omega/20,theta/180,cos(theta),Q2/100",
            "output-name": "r",
            "units": "nb/(sr·GeV)",
            "sigma-formula": "sigma = r * S * A/12",
        },
        "members": [
            {
                "file": "member-00.onnx",
                "sha256": "a" * 64,
                "seed": 2024,
                "lambdas": {"C12/Barreau:1983ht": 1.01},
                "held-out-chi2-per-point": 1.5,
                "training": {
                    "index": 0,
                    "untouched-chi2-per-point": "NaN",
                    "best-epoch": 10,
                    "epochs-done": 20,
                    "restarts": 0,
                    "seconds": 1.5,
                },
            }
        ],
        "training": {"epochs": 20, "layers": [3]},
        "data": {
            "files": [{"path": "12C.dat", "sha256": "b" * 64}],
            "selection": "C12: all",
            "points-used": 10,
            "points-dropped": 0,
            "points-cut": 1,
            "points-cut-per-experiment": {"Barreau:1983ht": 1},
        },
        "metrics": {"chi2-per-point": 1.0},
        "domain": {"energy-gev": {"min": 0.2, "max": 5.8}, "theta-deg": None, "omega-gev": None},
        "notes": None,
        "quality": {},
    }


def test_newer_writers_fields_and_non_finite_doubles_are_accepted():
    value = _tiny_card()
    value["members"][0]["training"]["parent-sha256"] = "c" * 64  # a fine-tuned member
    value["members"][0]["training"]["added-in-2030"] = [1, 2]
    value["added-in-2030"] = {"a": 1}
    value["metrics"]["spread"] = "Infinity"
    cardmodule.validate(value)
    card = xsdnn.ModelCard.from_json(json.dumps(value))
    assert card.metrics["spread"] == float("inf")
    assert card.members[0].lambdas == {"C12/Barreau:1983ht": 1.01}


def test_a_card_without_any_key_is_well_formed():
    # No key is required: cards written before a field existed lack it; the directory check decides scoring.
    cardmodule.validate({})
    cardmodule.validate({"name": "x", "members": None, "target": None, "contract": None})


def _set(path, new):
    """A change that puts `new` at `path` (keys and indices)."""

    def change(value):
        *parents, last = path
        for p in parents:
            value = value[p]
        value[last] = new

    return change


BROKEN_CARDS = [
    ("card an array", lambda v: [v], '"card" is an array; expected an object'),
    ("name a number", _set(["name"], 5), '"name" is an integer; expected a string'),
    ("target an array", _set(["target"], []), '"target" is an array; expected an object'),
    (
        "mass number a string",
        _set(["target", "mass-number"], "twelve"),
        '"target.mass-number" is a string; expected an integer',
    ),
    (
        "mass number numeric text",
        _set(["target", "mass-number"], "12"),
        '"target.mass-number" is a string; expected an integer',
    ),
    (
        "mass number a boolean",
        _set(["target", "mass-number"], True),
        '"target.mass-number" is a boolean; expected an integer',
    ),
    ("mass number zero", _set(["target", "mass-number"], 0), '"target.mass-number" is 0; expected at least 1'),
    (
        "mass number fractional",
        _set(["target", "mass-number"], 12.5),
        '"target.mass-number" is a number; expected an integer',
    ),
    ("contract a string", _set(["contract"], "xsdnn-1"), '"contract" is a string; expected an object'),
    ("contract id an array", _set(["contract", "id"], ["xsdnn-1"]), '"contract.id" is an array; expected a string'),
    ("members an object", _set(["members"], {}), '"members" is an object; expected an array'),
    ("member a number", _set(["members", 0], 7), '"members[0]" is an integer; expected an object'),
    ("member file an object", _set(["members", 0, "file"], {}), '"members[0].file" is an object; expected a string'),
    (
        "member sha256 short",
        _set(["members", 0, "sha256"], "abc"),
        '"members[0].sha256" is "abc"; expected 64 hex digits',
    ),
    ("member seed text", _set(["members", 0, "seed"], "7"), '"members[0].seed" is a string; expected an integer'),
    ("lambda text", _set(["members", 0, "lambdas", "g"], "one"), '"members[0].lambdas.g" is "one"; expected a number'),
    (
        "parent sha256 short",
        _set(["members", 0, "training", "parent-sha256"], "ab"),
        '"members[0].training.parent-sha256" is "ab"',
    ),
    ("points negative", _set(["data", "points-used"], -1), '"data.points-used" is -1; expected at least 0'),
    (
        "domain min a boolean",
        _set(["domain", "energy-gev", "min"], False),
        '"domain.energy-gev.min" is a boolean; expected a number',
    ),
    ("metrics an array", _set(["metrics"], [1.0]), '"metrics" is an array; expected an object'),
    ("training a string", _set(["training"], "full"), '"training" is a string; expected an object'),
]


@pytest.mark.parametrize("name,change,message", BROKEN_CARDS, ids=[c[0] for c in BROKEN_CARDS])
def test_broken_cards_are_refused_naming_the_field(name, change, message):
    value = copy.deepcopy(_tiny_card())
    replaced = change(value)
    value = replaced if replaced is not None else value
    with pytest.raises(cardmodule.CardFormatError) as e:
        xsdnn.ModelCard.from_json(json.dumps(value))
    assert message in str(e.value)


def test_the_first_wrong_field_in_document_order_is_named():
    value = _tiny_card()
    value["members"][0]["seed"] = "x"
    value["target"]["mass-number"] = "x"
    value["domain"]["energy-gev"]["max"] = "x"
    with pytest.raises(cardmodule.CardFormatError, match=r'^"domain\.energy-gev\.max" is "x"'):
        cardmodule.validate(value)


# ---- the .xsdt table header -------------------------------------------------------------------------------------


def _header() -> dict:
    """A complete header as TableHeader writes it (the example of runtime/TABLE_FORMAT.md, unabridged)."""
    stats = {
        "points-compared": 2966,
        "max-relative": 2.896,
        "median-relative": 0.0983,
        "p95-relative": 0.724,
        "worst-point": [1.95, 17.5, 0.015, 705.0, 2746.7],
    }
    return {
        "format": "xsdt",
        "format-version": 1,
        "units": {"energy": "GeV", "theta": "deg", "omega": "GeV", "sigma": "nb/(sr GeV)"},
        "quantity": "d2sigma/(dOmega domega) per nucleus, per steradian (not per d cos theta)",
        "order": "mean and std are float32 arrays in C order [E][theta][omega]",
        "unphysical": "nodes with omega >= E are not physical: mean and std hold NaN there",
        "interpolation": "trilinear in (E, theta, omega)",
        "axes": [
            {"name": "E", "unit": "GeV", "count": 19, "min": 0.2, "max": 2.0, "step": 0.1, "spec": "0.2:2.0:0.1"},
            {"name": "theta", "unit": "deg", "count": 17, "min": 10.0, "max": 90.0, "step": 5.0, "spec": "10:90:5"},
            {"name": "omega", "unit": "GeV", "count": 3, "min": 0.01, "max": 1.0, "step": None, "spec": "0.01,0.5,1.0"},
        ],
        "model": {
            "name": "nuwro-pr53",
            "layout": "nuwro",
            "card-sha256": None,
            "member-sha256": {"model_electron_A_12_0.onnx": "d" * 64, "model_electron_A_12_1.onnx": "e" * 64},
            "members": 2,
            "mass-number": 12,
        },
        "interpolation-error": {
            "method": "relative error of sigma mean at cell midpoints",
            "physical-cells": 22608,
            "cells-sampled": 4096,
            "seed": 1,
            "threshold-fraction": 1.0e-6,
            "threshold-sigma": 13.89,
            "midpoints": stats,
            "along-energy": dict(stats),
            "along-theta": {
                "points-compared": 0,
                "max-relative": None,
                "median-relative": None,
                "p95-relative": None,
                "worst-point": None,
            },
            "along-omega": dict(stats),
        },
        "created-at": "2026-11-26T23:52:59Z",
        "xsdnn-version": "0.1.0",
    }


def _header_validator():
    return jsonschema.Draft202012Validator(_load(HEADER_SCHEMA))


def test_a_complete_table_header_validates():
    _header_validator().validate(_header())
    minimal = _header()
    for key in ("units", "model", "interpolation-error", "created-at", "xsdnn-version"):
        minimal[key] = None  # TableHeader.of: no model, no error estimate yet
    minimal["added-in-v1.1"] = {"x": 1}
    _header_validator().validate(minimal)


BROKEN_HEADERS = [
    ("other format", _set(["format"], "xsdx"), ["format"]),
    ("version 2", _set(["format-version"], 2), ["format-version"]),
    ("two axes", lambda h: h["axes"].pop(), ["axes"]),
    ("axes out of order", lambda h: h["axes"].reverse(), ["axes", 0, "name"]),
    ("axis of one node", _set(["axes", 1, "count"], 1), ["axes", 1, "count"]),
    ("axis min text", _set(["axes", 2, "min"], "0.01"), ["axes", 2, "min"]),
    (
        "member checksum short",
        _set(["model", "member-sha256", "model_electron_A_12_0.onnx"], "d1"),
        ["model", "member-sha256", "model_electron_A_12_0.onnx"],
    ),
    ("unknown layout", _set(["model", "layout"], "keras"), ["model", "layout"]),
    (
        "worst point of four",
        _set(["interpolation-error", "midpoints", "worst-point"], [1, 2, 3, 4]),
        ["interpolation-error", "midpoints", "worst-point"],
    ),
    ("no axes", lambda h: h.pop("axes"), []),
]


@pytest.mark.parametrize("name,change,path", BROKEN_HEADERS, ids=[c[0] for c in BROKEN_HEADERS])
def test_broken_table_headers_are_refused_at_the_field(name, change, path):
    header = _header()
    change(header)
    errors = list(_header_validator().iter_errors(header))
    assert errors, name
    assert any(list(e.absolute_path) == path for e in errors), [(list(e.absolute_path), e.message) for e in errors]
