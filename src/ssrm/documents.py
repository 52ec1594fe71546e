"""One reader for what ``report``, ``compliance``, ``paths`` and ``plan`` accept: an inventory snapshot
(``ssrm scan --save``, ``ssrm demo --save``), an assessment JSON (``assessment.json`` of scan, assess or
demo, ``ssrm scan -f json``), or the JSON of ``ssrm iac -f json``. A snapshot is assessed on the way in;
the others are read as they are."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ssrm.model.safe_parse import InputFileError, loads_json, read_text
from ssrm.model.snapshot import SNAPSHOT_KIND, SnapshotError, inventory_from_dict
from ssrm.report.reader import AssessmentFileError, check_assessment, looks_like_assessment
from ssrm.report.stream import SharedValues


class DocumentError(ValueError):
    """The file is neither a snapshot nor an assessment this ssrm reads; the message is one line."""


@dataclass
class Loaded:
    doc: dict[str, Any]
    from_snapshot: bool


def _raw_json(path: Path) -> Any:
    """The file's JSON (gunzipped when gzip) within the size and nesting bounds."""
    try:
        return loads_json(read_text(path, "input"), str(path), object_hook=SharedValues())  # values kept once
    except InputFileError as exc:
        raise DocumentError(str(exc)) from None


def load_document(path: Path, *, rules: Sequence[Any] | None = None, suppress: Any = None,
                  crown_jewels: Any = None, rule_problems: Sequence[str] = ()) -> Loaded:
    """The assessment document in ``path``; a snapshot is assessed with ``rules``, ``suppress`` and
    ``crown_jewels`` (see :func:`ssrm.pipeline.assess`)."""
    raw = _raw_json(path)
    if isinstance(raw, dict) and raw.get("kind") == SNAPSHOT_KIND:
        from ssrm.pipeline import assess
        from ssrm.report.json_out import assessment_to_dict

        try:
            inventory = inventory_from_dict(raw)
        except SnapshotError as exc:
            raise DocumentError(f"{path}: {exc}") from exc
        assessment = assess(inventory, rules, suppress=suppress, crown_jewels=crown_jewels,
                            rule_problems=rule_problems)
        return Loaded(assessment_to_dict(assessment), from_snapshot=True)
    if looks_like_assessment(raw):
        try:
            return Loaded(check_assessment(raw, str(path)), from_snapshot=False)
        except AssessmentFileError as exc:
            raise DocumentError(str(exc)) from exc
    raise DocumentError(f"{path} is neither an ssrm inventory snapshot nor an ssrm assessment JSON "
                        "(from 'ssrm scan --save', 'assessment.json' or 'ssrm iac -f json')")
