"""Fuzzing the documents ssrm reads back: snapshots, assessments, mutelists, crown jewels.

The property everywhere: a hostile document is either accepted and then fully usable (assessable,
renderable), or refused with the loader's own one-line error. Nothing else may escape.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssrm.engine import evaluate
from ssrm.engine.suppress import SuppressionError, load_mutelist
from ssrm.model.assessment_doc import AssessmentDocError, validated_assessment
from ssrm.model.snapshot import SnapshotError, inventory_from_dict, load_inventory
from ssrm.paths.crown_jewels import CrownJewelError, load_crown_jewels
from ssrm.rules.catalog import builtin_rules
from tests.fuzz.strategies import FIXTURES, good_snapshot, mutated, yaml_documents

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
SNAPSHOT = good_snapshot()
RULES = builtin_rules()


@pytest.fixture(scope="module")
def good_assessment() -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "ssrm", "assess", str(FIXTURES / "small-inventory.json"),
                           "--format", "json"], capture_output=True, text=True, check=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    doc: dict[str, Any] = json.loads(proc.stdout)
    return doc


def test_the_good_fixtures_are_accepted(good_assessment: dict[str, Any]) -> None:
    assert len(inventory_from_dict(SNAPSHOT).resources) == len(SNAPSHOT["resources"])
    assert validated_assessment(good_assessment, "a.json") == good_assessment


@FUZZ
@given(doc=mutated(SNAPSHOT))
def test_mutated_snapshot_is_refused_in_one_line_or_fully_assessable(doc: dict[str, Any]) -> None:
    try:
        inventory = inventory_from_dict(doc)
    except SnapshotError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    findings = evaluate(inventory, RULES)
    assert len(findings) >= len([r for r in RULES if inventory.of_type(r.resource_type)])


@FUZZ
@given(data=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_arbitrary_bytes_as_snapshot(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "inventory.json"
    path.write_bytes(data)
    with pytest.raises(SnapshotError):
        load_inventory(path)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_assessment_is_refused_in_one_line_or_renders_everywhere(
        good_assessment: dict[str, Any], data: st.DataObject) -> None:
    from ssrm.report.asff import render_asff
    from ssrm.report.csv_out import render_csv
    from ssrm.report.json_out import render_json
    from ssrm.report.markdown import render_markdown

    doc = data.draw(mutated(good_assessment))
    try:
        checked = validated_assessment(doc, "a.json")
    except AssessmentDocError as exc:
        assert "\n" not in str(exc)
        return
    for render in (render_json, render_csv, render_asff, render_markdown):
        assert isinstance(render(checked), str)


@FUZZ
@given(text=yaml_documents(["mutes", "rule", "reason", "expires", "tags", "resource", "account", "region"]))
def test_hostile_mutelist_loads_or_is_one_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "mutes.yaml"
    path.write_text(text)
    try:
        mutes = load_mutelist(path)
    except SuppressionError as exc:
        assert "\n" not in str(exc)
        return
    assert all(m.reason for m in mutes.mutes)


@FUZZ
@given(text=yaml_documents(["tags", "names", "arns", "admin", "defaults", "types", "env", "*x*"]))
def test_hostile_crown_jewels_load_or_are_one_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "jewels.yaml"
    path.write_text(text)
    try:
        jewels = load_crown_jewels(path)
    except CrownJewelError as exc:
        assert "\n" not in str(exc)
        return
    assert 0 <= jewels.admin <= 100


@FUZZ
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_as_mutelist_and_crown_jewels(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "file.yaml"
    path.write_bytes(data)
    for load, error in ((load_mutelist, SuppressionError), (load_crown_jewels, CrownJewelError)):
        try:
            load(path)
        except error as exc:
            assert "\n" not in str(exc)
