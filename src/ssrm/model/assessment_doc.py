"""The JSON assessment (docs/json-output.md) as a typed schema, to check a file before rendering it.

``ssrm report`` and ``ssrm compliance`` read assessments back; a field of the wrong type (``stats: "x"``, a
null finding, an unknown status) must be one line naming the field, not a crash half-way through the
reports. Fields may be added (``extra="allow"``); the validated document, with defaults filled in, is
what the renderers receive.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ssrm.model.enums import Severity, Status

ASSESSMENT_SCHEMA_VERSION = 1


class _Doc(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True, populate_by_name=True)


class Remediation(_Doc):
    text: str | None = None
    cli: str | None = None
    terraform: str | None = None


class FindingDoc(_Doc):
    rule_id: str
    title: str = ""
    status: Status = Field(strict=False)
    severity: Severity = Field(strict=False)
    layer: str = ""
    domain: str = ""
    stage: str = ""
    attack: list[str] = Field(default_factory=list)
    resource_arn: str
    resource_id: str = ""
    resource_name: str | None = None
    resource_type: str = ""
    region: str = ""
    account: str = ""
    reason: str = ""
    remediation: Remediation | None = None
    tags: dict[str, str] = Field(default_factory=dict)
    origin: str | None = None
    muted_reason: str | None = None
    compliance: list[str] = Field(default_factory=list)


class Counts(_Doc):
    score: int | float | None = None
    pass_: int = Field(0, alias="pass")
    fail: int = 0
    error: int = 0
    muted: int = 0
    not_applicable: int = 0


class LayerDoc(Counts):
    phase: str | None = None
    next_phase_blocked_by: list[str] = Field(default_factory=list)
    domains: dict[str, Counts] = Field(default_factory=dict)


class StatsDoc(_Doc):
    calls_by_service: dict[str, int] = Field(default_factory=dict)
    total_calls: int = 0
    wall_seconds: int | float = 0.0
    max_in_flight: int = 0
    resources: int = 0
    rules_evaluated: int = 0


class GapDoc(_Doc):
    service: str
    region: str
    api: str
    error: str
    message: str = ""
    resource_types: list[str] = Field(default_factory=list)
    resource: str | None = None


class StepDoc(_Doc):
    from_: str = Field(alias="from")
    to: str
    stage: str
    technique: str | None = None
    sentence: str = ""
    finding_rule_id: str | None = None


class PathDoc(_Doc):
    id: str
    target: str
    target_kind: str = ""
    value: int | float = 0
    length: int = 0
    ease: int | float = 0
    steps: list[StepDoc] = Field(default_factory=list)


class PlanStepDoc(_Doc):
    order: int
    title: str
    stage: str = ""
    effort: str = ""
    fixes_rule_ids: list[str] = Field(default_factory=list)
    resources: list[str] = Field(default_factory=list)
    paths_broken: list[str] = Field(default_factory=list)
    severity: str = ""
    cli: str | None = None
    terraform: str | None = None


class ControlDoc(_Doc):
    id: str
    title: str = ""
    status: str
    rule_ids: list[str] = Field(default_factory=list)
    failing: int = 0
    section: str | None = None


class FrameworkDoc(_Doc):
    name: str
    version: str = ""
    score: int | float | None = None
    counts: dict[str, int] = Field(default_factory=dict)
    controls: list[ControlDoc] = Field(default_factory=list)


class SuppressionsDoc(_Doc):
    muted: int = 0
    expired: list[str] = Field(default_factory=list)
    unused: list[str] = Field(default_factory=list)


class AssessmentDoc(_Doc):
    schema_version: Literal[1]
    tool: dict[str, Any] = Field(default_factory=dict)
    account: str = ""
    partition: str = "aws"
    source: str = "aws"
    regions: list[str] = Field(default_factory=list)
    skipped_regions: list[str] = Field(default_factory=list)
    started_at: str | None = None
    finished_at: str | None = None
    assessed_at: str | None = None
    stats: StatsDoc = Field(default_factory=StatsDoc)
    gaps: list[GapDoc] = Field(default_factory=list)
    complete: bool = True
    suppressions: SuppressionsDoc | None = None
    rule_problems: list[str] = Field(default_factory=list)
    layers: dict[str, LayerDoc]
    overall: Counts = Field(default_factory=lambda: Counts.model_validate({}))
    compliance: dict[str, FrameworkDoc] = Field(default_factory=dict)
    paths: list[PathDoc] | None = Field(default_factory=list)  # None: attack paths were not computed
    plan: list[PlanStepDoc] | None = Field(default_factory=list)
    path_notes: list[str] = Field(default_factory=list)
    findings: list[FindingDoc]


class AssessmentDocError(ValueError):
    """An assessment file that does not match the schema; the message is one line."""


def validated_assessment(data: Any, where: str) -> dict[str, Any]:
    """The document checked against the schema, defaults filled in; AssessmentDocError otherwise. The list of
    findings in ``data`` is reused: its items are replaced by their checked form."""
    if not isinstance(data, dict) or "findings" not in data or "layers" not in data:
        raise AssessmentDocError(f"{where} is not an ssrm assessment (no 'findings' and 'layers')")
    version = data.get("schema_version")
    if version != ASSESSMENT_SCHEMA_VERSION or isinstance(version, bool):
        raise AssessmentDocError(f"{where}: assessment schema version {version!r} is not supported (this ssrm "
                                 f"reads version {ASSESSMENT_SCHEMA_VERSION})")
    # The findings are checked one at a time and replaced by their checked form as they go: validating the
    # whole document at once held the raw findings, their models and their dumps together (2x the memory
    # and twice the time on 50 000 findings).
    findings = data.get("findings")
    try:
        head = AssessmentDoc.model_validate({**data, "findings": []}).model_dump(mode="json", by_alias=True)
    except ValidationError as exc:
        raise _doc_error(where, exc) from None
    if not isinstance(findings, list):
        raise AssessmentDocError(f"{where}: findings: Input should be a valid list (found {_shown(findings)})")
    checked: list[Any] = findings  # replaced in place, so each raw finding is freed once checked
    for index, finding in enumerate(checked):
        try:
            checked[index] = _FINDING_OUT.to_python(_FINDING_IN.validate_python(finding), mode="json", by_alias=True)
        except ValidationError as exc:
            raise _doc_error(where, exc, f"findings.{index}") from None
    head["findings"] = checked
    return head


_FINDING_IN = FindingDoc.__pydantic_validator__
_FINDING_OUT = FindingDoc.__pydantic_serializer__


def _doc_error(where: str, exc: ValidationError, prefix: str = "") -> AssessmentDocError:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in (*([prefix] if prefix else []), *first.get("loc", ())))
    found = _shown(first.get("input"))
    return AssessmentDocError(f"{where}: {field or 'document'}: {first.get('msg')} (found {found})")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
