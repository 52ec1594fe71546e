"""Read a saved assessment document (``assessment.json``, or the JSON of ``ssrm iac -f json``) back in.

The document's ``schema_version`` must be one this ssrm reads: a newer file is refused with one line
rather than misread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ssrm.model.assessment_doc import AssessmentDocError, validated_assessment
from ssrm.model.safe_parse import InputFileError, loads_json, read_text
from ssrm.report.json_out import ASSESSMENT_SCHEMA_VERSION
from ssrm.report.stream import SharedValues


class AssessmentFileError(ValueError):
    """The file is missing, unreadable, not an assessment, or of a schema version this ssrm does not read."""


def looks_like_assessment(doc: object) -> bool:
    return isinstance(doc, dict) and "findings" in doc and "layers" in doc


def check_assessment(doc: object, where: str) -> dict[str, Any]:
    """``doc`` checked against the assessment schema (``ssrm.model.assessment_doc``: a wrong type, an
    unknown status or another schema version is refused), defaults filled in; AssessmentFileError naming
    ``where`` otherwise."""
    if not isinstance(doc, dict) or not looks_like_assessment(doc):
        raise AssessmentFileError(f"{where} is not an ssrm assessment (no 'findings' and 'layers')")
    version = doc.get("schema_version")
    if version != ASSESSMENT_SCHEMA_VERSION:
        raise AssessmentFileError(f"{where}: assessment schema version {version!r} is not supported (this ssrm "
                                  f"reads version {ASSESSMENT_SCHEMA_VERSION})")
    try:
        return validated_assessment(doc, where)
    except AssessmentDocError as exc:
        raise AssessmentFileError(str(exc)) from None


def read_assessment(path: Path) -> dict[str, Any]:
    """An assessment file read within the size and nesting bounds, then checked."""
    try:
        doc = loads_json(read_text(path, "assessment"), str(path), object_hook=SharedValues())  # values kept once
    except InputFileError as exc:
        raise AssessmentFileError(str(exc)) from None
    return check_assessment(doc, str(path))
