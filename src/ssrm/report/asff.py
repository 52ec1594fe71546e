"""AWS Security Finding Format, ready for Security Hub's BatchImportFindings (field limits respected)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, TextIO

from ssrm import __version__
from ssrm.report.fingerprint import finding_uid
from ssrm.report.json_out import write_array

LABEL = {"critical": "CRITICAL", "high": "HIGH", "medium": "MEDIUM", "low": "LOW", "info": "INFORMATIONAL"}
NORMALIZED = {"critical": 90, "high": 70, "medium": 40, "low": 1, "info": 0}
COMPLIANCE = {"PASS": "PASSED", "FAIL": "FAILED", "MUTED": "FAILED", "ERROR": "NOT_AVAILABLE"}
# Security Hub's documented limits for the fields ssrm fills.
LIMITS = {"Title": 256, "Description": 1024, "Id": 512, "GeneratorId": 512, "RecommendationText": 512,
          "ResourceId": 512, "StatusReason": 2048}


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def resource_type(cfn_type: str) -> str:
    """AWS::S3::Bucket -> AwsS3Bucket (Security Hub's names for the types it knows; Other otherwise)."""
    parts = cfn_type.split("::")
    if len(parts) != 3:
        return "Other"
    return "".join(p[:1].upper() + p[1:] for p in parts)


def _where(f: dict[str, Any], doc: dict[str, Any]) -> tuple[str, str, str]:
    """(account, region, product ARN) of a finding."""
    account = f.get("account") or doc["account"]
    region = f["region"] if f["region"] not in ("global", "") else "us-east-1"
    product = f"arn:{doc.get('partition', 'aws')}:securityhub:{region}:{account}:product/{account}/default"
    return account, region, product


def _resource(f: dict[str, Any], doc: dict[str, Any], region: str) -> dict[str, Any]:
    tags = {k: clip(str(v), 256) for k, v in sorted(f["tags"].items())[:50]}
    resource: dict[str, Any] = {"Type": resource_type(f["resource_type"]),
                                "Id": clip(f["resource_arn"], LIMITS["ResourceId"]),
                                "Partition": doc.get("partition", "aws"), "Region": region}
    if tags:
        resource["Tags"] = tags
    return resource


def asff_finding(f: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    account, region, product = _where(f, doc)
    when = doc["assessed_at"].replace("+00:00", "Z")
    status = f["status"]
    resource = _resource(f, doc, region)
    finding: dict[str, Any] = {
        "SchemaVersion": "2018-10-08",
        "Id": clip(f"{finding_uid(f)}/{f['rule_id']}", LIMITS["Id"]),
        "ProductArn": product,
        "ProductName": "ssrm",
        "CompanyName": "ssrm",
        "GeneratorId": clip(f"ssrm/{f['rule_id']}", LIMITS["GeneratorId"]),
        "AwsAccountId": account,
        "Region": region,
        "Types": ["Software and Configuration Checks/AWS Security Best Practices"],
        "CreatedAt": when,
        "UpdatedAt": when,
        "Severity": {"Label": LABEL[f["severity"]], "Normalized": NORMALIZED[f["severity"]],
                     "Original": f["severity"]},
        "Title": clip(f["title"], LIMITS["Title"]),
        "Description": clip(f["reason"] or f["title"], LIMITS["Description"]),
        "Resources": [resource],
        "Compliance": {"Status": COMPLIANCE[status],
                       "StatusReasons": [{"ReasonCode": clip(status, 64),
                                          "Description": clip(f["reason"], LIMITS["StatusReason"])}]},
        "Workflow": {"Status": "SUPPRESSED" if status == "MUTED" else "RESOLVED" if status == "PASS" else "NEW"},
        "RecordState": "ACTIVE",
        "ProductFields": {"ssrm/version": __version__, "ssrm/layer": f["layer"], "ssrm/stage": f["stage"],
                          "ssrm/status": status},
    }
    text = f["remediation"].get("text")
    if text:
        finding["Remediation"] = {"Recommendation": {"Text": clip(text, LIMITS["RecommendationText"])}}
    if f.get("compliance"):
        finding["Compliance"]["RelatedRequirements"] = [clip(c, 256) for c in sorted(f["compliance"])[:32]]
    return finding


def _template_key(f: dict[str, Any]) -> tuple[Any, ...]:
    """Every field ``asff_finding`` reads except the per-resource ones (account, region, resource, reason)."""
    return (f["rule_id"], f["status"], f["title"], f["severity"], f["layer"], f["stage"],
            f["remediation"].get("text"), tuple(f.get("compliance") or ()))


def _refill(template: dict[str, Any], f: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    account, region, product = _where(f, doc)
    finding = dict(template)
    finding["Id"] = clip(f"{finding_uid(f)}/{f['rule_id']}", LIMITS["Id"])
    finding["ProductArn"] = product
    finding["AwsAccountId"] = account
    finding["Region"] = region
    finding["Description"] = clip(f["reason"] or f["title"], LIMITS["Description"])
    finding["Resources"] = [_resource(f, doc, region)]
    compliance = dict(template["Compliance"])
    compliance["StatusReasons"] = [{**compliance["StatusReasons"][0],
                                    "Description": clip(f["reason"], LIMITS["StatusReason"])}]
    finding["Compliance"] = compliance
    return finding


def asff_findings(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Each judged finding in ASFF; built whole once per rule and status, then refilled per resource."""
    templates: dict[tuple[Any, ...], dict[str, Any]] = {}
    for f in doc["findings"]:
        if f["status"] == "NOT_APPLICABLE":
            continue
        key = _template_key(f)
        template = templates.get(key)
        if template is None:
            template = templates[key] = asff_finding(f, doc)
            yield template
        else:
            yield _refill(template, f, doc)


def write_asff(doc: dict[str, Any], out: TextIO) -> None:
    """A JSON array of ASFF findings (NOT_APPLICABLE left out), one per line; import in batches of 100."""
    write_array(asff_findings(doc), out)


def render_asff(doc: dict[str, Any]) -> str:
    buffer = io.StringIO()
    write_asff(doc, buffer)
    return buffer.getvalue()
