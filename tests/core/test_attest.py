"""Attestations for process controls: read with line numbers, applied only where no rule judges, expiring."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ssrm.model import Status
from ssrm.rules.attest import AttestationError, by_control, load_attestations
from ssrm.rules.compliance import evaluate_framework
from ssrm.rules.frameworks import all_frameworks

TODAY = date(2026, 12, 2)
GOOD = """attestations:
  - control: smm IR3.1
    by: "Jane Doe <jane@example.com>"
    date: 2026-10-01
    expires: 2027-10-01
    evidence: https://wiki.example.com/tabletop
  - control: SMM SG2.2
    by: Ops lead
    date: 2025-01-10
    expires: 2025-12-31
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "attest.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_applies_to_process_controls_and_expires(tmp_path: Path) -> None:
    attestations = load_attestations(write(tmp_path, GOOD), today=TODAY)
    smm = all_frameworks()["smm"]
    view = evaluate_framework(smm, [], attestations=by_control(attestations, "smm"), today=TODAY)
    controls = {c.id: c for c in view.controls}
    assert controls["IR3.1"].status == "ATTESTED"
    assert controls["IR3.1"].attestation == {"by": "Jane Doe <jane@example.com>", "date": "2026-10-01",
                                              "expires": "2027-10-01", "evidence": "https://wiki.example.com/tabletop"}
    assert controls["SG2.2"].status == "ATTESTATION_EXPIRED"
    assert controls["VM3.1"].status == "MANUAL"  # a process control nobody attested
    unattested = evaluate_framework(smm, [], today=TODAY)
    assert {c.id: c.status for c in unattested.controls}["IR3.1"] == "MANUAL"
    # one attested (met), one expired (not met): the score moves both ways
    assert view.score == 50.0 and unattested.score is None


def test_attestation_never_overrules_a_rule(tmp_path: Path) -> None:
    smm = all_frameworks()["smm"]
    judged = next(c for c in smm.controls if c.rules and not c.manual)
    path = write(tmp_path, f"attestations:\n  - control: smm {judged.id}\n    by: me\n    date: 2026-01-01\n"
                           "    expires: 2027-01-01\n")
    attestations = by_control(load_attestations(path, today=TODAY), "smm")
    view = evaluate_framework(smm, [(judged.rules[0], Status.FAIL)], attestations=attestations, today=TODAY)
    assert {c.id: c.status for c in view.controls}[judged.id] == "FAIL"
    assert view.ignored_attestations == (f"smm {judged.id}",)


@pytest.mark.parametrize(("text", "said"), [
    ("attestations:\n  - control: smm IR3.1\n    by: me\n    date: 2026-01-01\n", ":2: missing expires"),
    ("attestations:\n  - control: smm NOPE\n    by: me\n    date: 2026-01-01\n    expires: 2027-01-01\n",
     ":2: smm has no control 'NOPE'"),
    ("attestations:\n  - control: xyz IR3.1\n    by: me\n    date: 2026-01-01\n    expires: 2027-01-01\n",
     ":2: control 'xyz IR3.1' must start with one of"),
    ("attestations:\n  - control: smm IR3.1\n    by: me\n    date: 2026-02-31\n    expires: 2027-01-01\n",
     ":2: date must be a date"),
    ("attestations:\n  - control: smm IR3.1\n    by: me\n    date: 2027-06-01\n    expires: 2028-01-01\n",
     "is in the future"),
    ("attestations:\n  - control: smm IR3.1\n    by: me\n    date: 2026-06-01\n    expires: 2026-01-01\n",
     "is before date"),
    ("attestations:\n  - control: smm IR3.1\n    by: me\n    date: 2026-06-01\n    expires: 2027-01-01\n"
     "    signed: yes\n", "unknown key(s) signed"),
    ("attestations: [\n", "not valid YAML"),
    ("- just a list\n", "expected a top-level 'attestations:' list"),
    ("attestations:\n  - control: smm IR3.1\n    by: a\n    date: 2026-01-01\n    expires: 2027-01-01\n"
     "  - control: smm IR3.1\n    by: b\n    date: 2026-01-01\n    expires: 2027-01-01\n", "attested twice"),
])
def test_bad_files_name_file_and_line(tmp_path: Path, text: str, said: str) -> None:
    with pytest.raises(AttestationError, match=None) as caught:
        load_attestations(write(tmp_path, text), today=TODAY)
    message = str(caught.value)
    assert said in message and str(tmp_path) in message and "\n" not in message


def test_non_utf8_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "attest.yaml"
    path.write_bytes(b"attestations:\n  - by: \xff\xfe\n")
    with pytest.raises(AttestationError, match="cannot read"):
        load_attestations(path, today=TODAY)


def test_process_controls_say_why_they_are_manual() -> None:
    smm = all_frameworks()["smm"]
    manual = [c for c in smm.controls if c.manual]
    assert len(manual) >= 15 and all(c.why and not c.rules for c in manual)
