"""Read a saved assessment document (``assessment.json``, or the JSON of ``ssrm iac -f json``) back in.

The document's ``schema_version`` must be one this ssrm reads: a newer file is refused with one line
rather than misread.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ssrm.report.json_out import ASSESSMENT_SCHEMA_VERSION


class AssessmentFileError(ValueError):
    """The file is missing, unreadable, not an assessment, or of a schema version this ssrm does not read."""


def looks_like_assessment(doc: object) -> bool:
    return isinstance(doc, dict) and "findings" in doc and "layers" in doc


def check_assessment(doc: object, where: str) -> dict[str, Any]:
    """``doc`` when it is an assessment this ssrm reads; AssessmentFileError naming ``where`` otherwise."""
    if not isinstance(doc, dict) or not looks_like_assessment(doc):
        raise AssessmentFileError(f"{where} is not an ssrm assessment (no 'findings' and 'layers')")
    version = doc.get("schema_version")
    if version != ASSESSMENT_SCHEMA_VERSION:
        raise AssessmentFileError(f"{where}: assessment schema version {version!r} is not supported (this ssrm "
                                  f"reads version {ASSESSMENT_SCHEMA_VERSION})")
    return doc


def read_assessment(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise AssessmentFileError(f"assessment not found: {path}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AssessmentFileError(f"{path} is not a readable assessment JSON ({exc})") from exc
    return check_assessment(doc, str(path))
