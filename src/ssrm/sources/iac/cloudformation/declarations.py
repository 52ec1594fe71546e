"""CloudFormation ``Outputs`` and ``Parameters`` as records, so rules can judge what they expose."""

from __future__ import annotations

import re
from typing import Any

from ssrm.sources.iac.cloudformation.intrinsics import TemplateContext
from ssrm.sources.iac.raw import RawResource
from ssrm.sources.iac.suppress import suppressions_at
from ssrm.sources.iac.unknown import Unknown

OUTPUT, PARAMETER = "CloudFormation::Output", "CloudFormation::Parameter"


def declaration_records(template: dict[str, Any], context: TemplateContext, lines: list[str],
                        file: str) -> list[RawResource]:
    records: list[RawResource] = []
    for section, kind in (("Outputs", OUTPUT), ("Parameters", PARAMETER)):
        entries = template.get(section)
        if not isinstance(entries, dict):
            continue
        for name, spec in entries.items():
            if not isinstance(spec, dict):
                continue
            if kind == OUTPUT:
                try:
                    value = context.resolve(spec.get("Value"))
                except Exception as exc:  # a malformed output is unknown, never a crash
                    value = Unknown(f"output {name} could not be evaluated ({type(exc).__name__})")
                attrs: dict[str, Any] = {"name": name, "value": value, "sensitive": False}
            else:
                attrs = {"name": name, "sensitive": str(spec.get("NoEcho", "")).lower() == "true"}
                if "Default" in spec:
                    attrs["default"] = spec["Default"]
            line = _line_of(lines, section, str(name))
            records.append(RawResource(kind=kind, address=f"{section}.{name}", attrs=attrs, source="cloudformation",
                                       file=file, line=line, suppressions=suppressions_at(lines, line, file)))
    return records


def _line_of(lines: list[str], section: str, name: str) -> int:
    """The line declaring ``name`` under ``section`` (YAML or JSON), else the section's line, else 1."""
    start = next((n for n, text in enumerate(lines) if re.match(rf'^\s*"?{section}"?\s*:', text)), None)
    if start is None:
        return 1
    pattern = re.compile(rf'^\s*"?{re.escape(name)}"?\s*:')
    found = next((n for n in range(start + 1, len(lines)) if pattern.match(lines[n])), start)
    return found + 1
