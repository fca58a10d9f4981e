"""runtime/schema/conformance/model-cards.json: the broken and the odd-but-valid cards that the Java, Python and
C++ front ends must treat alike (refused with a contract error, or opened). The Java runtime
(CardConformanceTest) and the C++ one (card_conformance_test.cpp) run the same cases."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import tinymodels
from conftest import REPO

import xsdnn

CASES_FILE = REPO / "runtime" / "schema" / "conformance" / "model-cards.json"
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]


def _pointer(path: str):
    """RFC 6901: "/members/0/file" -> ["members", "0", "file"]."""
    if path == "":
        return []
    assert path.startswith("/"), path
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def _patch(document, operations):
    """RFC 6902 add, remove and replace (all the cases use)."""
    for op in operations:
        parts = _pointer(op["path"])
        if not parts:
            assert op["op"] in ("add", "replace"), op
            document = copy.deepcopy(op["value"])
            continue
        parent = document
        for p in parts[:-1]:
            parent = parent[int(p)] if isinstance(parent, list) else parent[p]
        last = parts[-1]
        key = int(last) if isinstance(parent, list) else last
        if op["op"] == "remove":
            del parent[key]
        elif op["op"] in ("add", "replace"):
            if op["op"] == "replace" and isinstance(parent, dict):
                assert key in parent, f"replace of absent {op['path']}"
            if isinstance(parent, list) and op["op"] == "add":
                parent.insert(key, copy.deepcopy(op["value"]))
            else:
                parent[key] = copy.deepcopy(op["value"])
        else:
            raise AssertionError(f"unsupported op {op}")
    return document


def test_the_cases_cover_both_outcomes():
    outcomes = {c["expect"] for c in CASES}
    assert outcomes == {"refused", "accepted"}
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_front_ends_agree_on_the_card(case, tmp_path: Path):
    directory = tinymodels.write_xsdnn_dir(tmp_path / "m", {"member-00.onnx": tinymodels.mlp_bytes(seed=0)})
    card_file = directory / "model-card.json"
    if "text" in case:
        card_file.write_text(case["text"], encoding="utf-8")
    else:
        card = json.loads(card_file.read_text(encoding="utf-8"))
        card_file.write_text(json.dumps(_patch(card, case["patch"])), encoding="utf-8")
    tinymodels.rewrite_sums(directory)
    if case["expect"] == "refused":
        with pytest.raises(xsdnn.ContractError):
            xsdnn.load(directory).close()
    else:
        with xsdnn.load(directory) as model:
            assert model.members == 1
