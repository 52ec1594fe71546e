"""Every report of an assessment written to a directory, a finding at a time, all or nothing.

The large outputs (assessment JSON, CSV, OCSF, ASFF) go straight to their files one finding at a time, so no
output is ever held whole in memory; the HTML page and the summaries are small and rendered as text. Files
are written under temporary names and renamed only once all of them are complete, so a failure half-way
leaves the directory as it was instead of with part of the reports.

``load_assessment`` reads a saved assessment once: the text is parsed straight from the file and the
values that repeat from finding to finding (titles, remediations, control lists, tags of one resource)
are kept once, so 50 000 findings need a fraction of the memory of plain ``json.loads``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from ssrm.report.asff import write_asff
from ssrm.report.csv_out import write_csv
from ssrm.report.json_out import write_json

Writer = Callable[[dict[str, Any], TextIO], None]


def _ocsf(doc: dict[str, Any], out: TextIO) -> None:
    from ssrm.report.ocsf import write_ocsf  # the OCSF models take a second to import

    write_ocsf(doc, out)


def _html(doc: dict[str, Any], out: TextIO) -> None:
    from ssrm.report.html import render_html

    out.write(render_html(doc))


def _markdown(doc: dict[str, Any], out: TextIO) -> None:
    from ssrm.report.markdown import render_markdown

    out.write(render_markdown(doc))


REPORT_WRITERS: dict[str, Writer] = {
    "report.html": _html,
    "summary.md": _markdown,
    "assessment.json": write_json,
    "findings.csv": write_csv,
    "findings.ocsf.json": _ocsf,
    "findings.asff.json": write_asff,
}
PDF_NAME = "summary.pdf"


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_reports(doc: dict[str, Any], output: Path) -> list[Path]:
    """Write every report into ``output`` (created if needed) and return their paths.

    Raises OSError (nothing replaced) if any of them cannot be written."""
    from ssrm.report.pdf import render_pdf

    output.mkdir(parents=True, exist_ok=True)
    done: list[tuple[Path, Path]] = []
    try:
        for name, writer in REPORT_WRITERS.items():
            final = output / name
            temporary = _temporary(final)
            done.append((temporary, final))
            with temporary.open("w", encoding="utf-8", newline="") as out:
                writer(doc, out)
                out.write("\n")
        final = output / PDF_NAME
        temporary = _temporary(final)
        done.append((temporary, final))
        render_pdf(doc, temporary)
    except BaseException:
        for temporary, _ in done:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, final in done:
        temporary.replace(final)
    return [final for _, final in done]


class SharedValues:
    """Keeps one copy of each repeated value met while parsing (an ``object_hook``)."""

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}
        self.values: dict[Any, Any] = {}

    def text(self, value: Any) -> Any:
        return self.strings.setdefault(value, value) if isinstance(value, str) else value

    def same(self, value: Any) -> Any:
        """One shared object for equal dicts/lists of plain values (never mutated by the renderers)."""
        try:
            key = (type(value).__name__, tuple(value.items()) if isinstance(value, dict) else tuple(value))
            return self.values.setdefault(key, value)
        except TypeError:  # nested lists or dicts: not worth a deeper key
            return value

    def __call__(self, obj: dict[str, Any]) -> dict[str, Any]:
        if "rule_id" in obj and "resource_arn" in obj:
            strings = self.strings
            for key in SHARED_TEXT:
                value = obj.get(key)
                if value.__class__ is str:
                    obj[key] = strings.setdefault(value, value)
            for key in SHARED_VALUES:
                value = obj.get(key)
                if value:
                    obj[key] = self.same(value)
        return obj


# Finding fields whose values repeat across findings (per rule, per resource, per account).
SHARED_TEXT = ("rule_id", "title", "status", "severity", "layer", "domain", "stage", "resource_type", "region",
               "account", "reason", "origin")
SHARED_VALUES = ("remediation", "attack", "compliance", "tags")


def load_assessment(path: Path) -> Any:
    """The parsed assessment; repeated finding values shared. Raises OSError, UnicodeDecodeError, ValueError."""
    with path.open(encoding="utf-8") as source:
        return json.load(source, object_hook=SharedValues())
