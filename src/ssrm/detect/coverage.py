"""Coverage of the public attack catalogues, generated from the loaded rules (never written by hand).

Two catalogues (``coverage.yml``): the Stratus Red Team AWS techniques, matched through each rule's
``ssrm.stratus`` list, and the ATT&CK IaaS matrix, matched through the rules' ``attack.tNNNN`` tags. ssrm's
built-in detectors (instance credentials, flow logs, baselines) count with the techniques they carry. A
technique no rule covers shows the documented reason the logs cannot show it, or "gap".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ssrm.detect import flows, instance_creds
from ssrm.detect.ruleset import Ruleset


@dataclass(frozen=True)
class Detector:
    """Something that raises alerts, as the coverage table names it."""

    rule_id: str
    attack: tuple[str, ...]
    stratus: tuple[str, ...] = ()


def builtin_detectors() -> list[Detector]:
    """ssrm's detectors that are code rather than Sigma rules."""
    out = [Detector(rid, instance_creds.ATTACK, ("aws.credential-access.ec2-steal-instance-credentials",))
           for rid in instance_creds.TITLES]
    out += [Detector(rid, meta[3]) for rid, meta in flows._META.items() if meta[3]]
    out += [
        Detector("ssrm_anomaly_first_seen", ("T1078", "T1078.004")),
        Detector("ssrm_anomaly_access_denied_storm", ("T1087.004", "T1069.003")),
        Detector("ssrm_anomaly_volume_spike", ("T1580",)),
        Detector("ssrm_ct_bad_address", ("T1078.004",)),
    ]
    return out


@lru_cache(maxsize=1)
def catalogues() -> dict[str, Any]:
    text = (resources.files("ssrm.detect") / "coverage.yml").read_text(encoding="utf-8")
    doc: dict[str, Any] = yaml.safe_load(text)
    return doc


def detectors(ruleset: Ruleset) -> list[Detector]:
    out = [Detector(r.meta.rule_id, r.meta.attack, r.meta.stratus) for r in ruleset.rules if r.emit]
    out += [Detector(c.meta.rule_id, c.meta.attack, c.meta.stratus) for c in ruleset.correlations]
    # feeder rules alert through their correlation: their Stratus mapping counts too
    out += [Detector(r.meta.rule_id + " (via correlation)", (), r.meta.stratus)
            for r in ruleset.rules if not r.emit and r.meta.stratus]
    return out + builtin_detectors()


@dataclass(frozen=True)
class Row:
    technique: str
    name: str
    rules: tuple[str, ...]
    status: str  # "covered", "via sub-technique", "not in logs", "gap"
    note: str = ""


def stratus_rows(ruleset: Ruleset) -> list[Row]:
    dets = detectors(ruleset)
    rows = []
    for tid in catalogues()["stratus"]["techniques"]:
        rules = tuple(sorted({d.rule_id for d in dets if tid in d.stratus}))
        rows.append(Row(tid, "", rules, "covered" if rules else "gap"))
    return rows


def attack_rows(ruleset: Ruleset) -> list[Row]:
    dets = detectors(ruleset)
    techniques = catalogues()["attack"]["techniques"]
    rows = []
    for tech in techniques:
        tid = tech["id"]
        sub_notes = [t.get("not_in_logs") for t in techniques if t["id"].startswith(tid + ".")]
        rules = tuple(sorted({d.rule_id for d in dets if tid in d.attack}))
        subs = tuple(sorted({d.rule_id for d in dets if any(a.startswith(tid + ".") for a in d.attack)}))
        if rules:
            rows.append(Row(tid, tech["name"], rules, "covered"))
        elif subs:
            rows.append(Row(tid, tech["name"], subs, "via sub-technique"))
        elif tech.get("not_in_logs"):
            rows.append(Row(tid, tech["name"], (), "not in logs", str(tech["not_in_logs"])))
        elif sub_notes and all(sub_notes):
            rows.append(Row(tid, tech["name"], (), "not in logs", "none of its sub-techniques shows in the logs."))
        else:
            rows.append(Row(tid, tech["name"], (), "gap", str(tech.get("gap") or "")))
    return rows


def _shown(rules: tuple[str, ...], limit: int = 4) -> str:
    more = f" +{len(rules) - limit}" if len(rules) > limit else ""
    return ", ".join(f"`{r}`" for r in rules[:limit]) + more


def render_coverage(ruleset: Ruleset) -> str:
    """Markdown: a summary line per catalogue, then one row per technique."""
    st, at = stratus_rows(ruleset), attack_rows(ruleset)
    cat = catalogues()
    st_cov = sum(r.status == "covered" for r in st)
    at_cov = sum(r.status in ("covered", "via sub-technique") for r in at)
    at_out = sum(r.status == "not in logs" for r in at)
    at_gap = sum(r.status == "gap" for r in at)
    lines = [
        f"**{cat['stratus']['catalogue']}**: {st_cov} of {len(st)} techniques have a rule.",
        "",
        "| Stratus technique | ssrm rules |",
        "|---|---|",
    ]
    lines += [f"| {r.technique} | {_shown(r.rules) if r.rules else '**gap**'} |" for r in st]
    lines += [
        "",
        f"**{cat['attack']['catalogue']}**: {at_cov} of {len(at)} techniques covered (directly or through a "
        f"sub-technique), {at_out} not visible in CloudTrail or flow logs (reason given), {at_gap} gaps.",
        "",
        "| ATT&CK | technique | ssrm rules, or why the logs cannot show it |",
        "|---|---|---|",
    ]
    for r in at:
        if r.status == "covered":
            what = _shown(r.rules)
        elif r.status == "via sub-technique":
            what = "through sub-techniques: " + _shown(r.rules, 3)
        elif r.status == "not in logs":
            what = f"not in logs: {r.note}"
        else:
            what = "**gap**" + (f": {r.note}" if r.note else "")
        lines.append(f"| {r.technique} | {r.name} | {what} |")
    return "\n".join(lines)
