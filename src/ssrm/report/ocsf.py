"""OCSF Compliance Findings (class 2003), built and validated with the py-ocsf-models library."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from typing import Any, TextIO

from py_ocsf_models.events.findings.activity_id import ActivityID
from py_ocsf_models.events.findings.compliance_finding import ComplianceFinding
from py_ocsf_models.events.findings.compliance_finding_type_id import ComplianceFindingTypeID
from py_ocsf_models.events.findings.severity_id import SeverityID
from py_ocsf_models.events.findings.status_id import StatusID
from py_ocsf_models.objects.cloud import Cloud
from py_ocsf_models.objects.compliance import Compliance
from py_ocsf_models.objects.compliance_status import StatusID as ComplianceStatusID
from py_ocsf_models.objects.finding_info import FindingInformation
from py_ocsf_models.objects.kill_chain_phase import KillChainPhase, PhaseID
from py_ocsf_models.objects.metadata import Metadata
from py_ocsf_models.objects.mitre_attack import MITREAttack, Technique
from py_ocsf_models.objects.product import Product
from py_ocsf_models.objects.remediation import Remediation
from py_ocsf_models.objects.resource_details import ResourceDetails

from ssrm import __version__
from ssrm.model import LOCKHEED_PHASES, Stage
from ssrm.report.fingerprint import finding_uid
from ssrm.report.json_out import write_array

SEVERITY = {"critical": SeverityID.Critical, "high": SeverityID.High, "medium": SeverityID.Medium,
            "low": SeverityID.Low, "info": SeverityID.Informational}
COMPLIANCE_STATUS = {"PASS": ComplianceStatusID.Pass, "FAIL": ComplianceStatusID.Fail,
                     "MUTED": ComplianceStatusID.Fail, "ERROR": ComplianceStatusID.Unknown}
PHASE_ID = {"reconnaissance": PhaseID.Reconnaissance, "weaponization": PhaseID.Weaponization,
            "delivery": PhaseID.Delivery, "exploitation": PhaseID.Exploitation,
            "installation": PhaseID.Installation, "command and control": PhaseID.Command_Control,
            "actions on objectives": PhaseID.Actions_on_Objectives}


def ocsf_finding(f: dict[str, Any], doc: dict[str, Any]) -> ComplianceFinding:
    when = datetime.fromisoformat(doc["assessed_at"])
    status = f["status"]
    phases = LOCKHEED_PHASES[Stage(f["stage"])]
    return ComplianceFinding(
        activity_id=ActivityID.Create,
        activity_name="Create",
        type_uid=ComplianceFindingTypeID.Create,
        type_name="Compliance Finding: Create",
        time=int(when.timestamp()),
        time_dt=when,
        severity_id=SEVERITY[f["severity"]],
        severity=f["severity"].capitalize(),
        status_id=StatusID.Suppressed if status == "MUTED" else StatusID.New,
        status=("Suppressed" if status == "MUTED" else "New"),
        status_code=status,
        status_detail=f["muted_reason"] if status == "MUTED" else f["reason"],
        message=f["reason"],
        metadata=Metadata(
            product=Product(name="ssrm", vendor_name="ssrm", version=__version__, uid="ssrm"),
            event_code=f["rule_id"],
            uid=finding_uid(f),
            profiles=["cloud"],
        ),
        finding_info=FindingInformation(
            uid=finding_uid(f),
            title=f["title"],
            desc=f["reason"],
            types=[f["layer"], f["domain"]],
            created_time=int(when.timestamp()),
            created_time_dt=when,
            attacks=[MITREAttack(technique=Technique(uid=t, name=t)) for t in f["attack"]] or None,
            kill_chain=[KillChainPhase(phase=p.title(), phase_id=PHASE_ID[p]) for p in phases],
        ),
        compliance=Compliance(
            control=f["rule_id"],
            status_id=COMPLIANCE_STATUS[status],
            standards=sorted(f.get("compliance") or []) or ["ssrm"],
            requirements=sorted(f.get("compliance") or []) or None,
        ),
        remediation=Remediation(desc=f["remediation"].get("text") or f["title"],
                                references=[r for r in (f["remediation"].get("cli"),) if r] or None),
        resources=[ResourceDetails(
            uid=f["resource_arn"], name=f["resource_id"], type=f["resource_type"], region=f["region"],
            cloud_partition=doc.get("partition", "aws"),
            labels=[f"{k}:{v}" for k, v in sorted(f["tags"].items())] or None,
        )],
        cloud=Cloud(provider="AWS", region=f["region"]),
        unmapped={"ssrm_status": status, "ssrm_stage": f["stage"], "ssrm_layer": f["layer"]},
    )


# What differs between two findings of the same rule and status: the resource and the words about it. Every
# other field is the same, so the model is built and validated once per template key and its dump is reused
# with the per-resource fields replaced (a test checks the result equals the model's own dump, finding by
# finding). The key lists every finding field ``ocsf_finding`` reads apart from the per-resource ones.
def _template_key(f: dict[str, Any]) -> tuple[Any, ...]:
    remediation = f["remediation"]
    return (f["rule_id"], f["status"], f["title"], f["severity"], f["layer"], f["domain"], f["stage"],
            tuple(f["attack"]), tuple(f.get("compliance") or ()), remediation.get("text"), remediation.get("cli"))


def _fill(template: dict[str, Any], f: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    event = dict(template)
    uid = finding_uid(f)
    status = f["status"]
    event["message"] = f["reason"]
    event["status_detail"] = f["muted_reason"] if status == "MUTED" else f["reason"]
    event["metadata"] = {**template["metadata"], "uid": uid}
    event["finding_info"] = {**template["finding_info"], "uid": uid, "desc": f["reason"]}
    labels = [f"{k}:{v}" for k, v in sorted(f["tags"].items())]
    resource = {**template["resources"][0], "uid": f["resource_arn"], "name": f["resource_id"],
                "type": f["resource_type"], "region": f["region"]}
    if labels:
        resource["labels"] = labels
    else:
        resource.pop("labels", None)
    event["resources"] = [resource]
    if "cloud" in template:
        event["cloud"] = {**template["cloud"], "region": f["region"]}
    for key in ("message", "status_detail"):
        if event[key] is None:
            del event[key]
    return event


def ocsf_events(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Each finding (NOT_APPLICABLE left out) as an OCSF Compliance Finding dict, one at a time."""
    templates: dict[tuple[Any, ...], dict[str, Any]] = {}
    for f in doc["findings"]:
        if f["status"] == "NOT_APPLICABLE":
            continue
        key = _template_key(f)
        template = templates.get(key)
        if template is None:
            template = templates[key] = ocsf_finding(f, doc).model_dump(mode="json", exclude_none=True)
            yield template
            continue
        yield _fill(template, f, doc)


def write_ocsf(doc: dict[str, Any], out: TextIO) -> None:
    """A JSON array of OCSF Compliance Findings, one per line; NOT_APPLICABLE results are left out."""
    write_array(ocsf_events(doc), out)


def render_ocsf(doc: dict[str, Any]) -> str:
    buffer = io.StringIO()
    write_ocsf(doc, buffer)
    return buffer.getvalue()
