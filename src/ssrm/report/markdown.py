"""The executive summary in plain words, as Markdown: where the account stands, the risks that matter,
what changed, and who must act. ``pdf.py`` lays out the same content (the functions below) as a PDF.

Risk wording is derived from each failing rule's kill-chain stage, domain, severity and reach; nothing
here knows about any particular account.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ssrm.report.counts import count_of
from ssrm.report.teams import (
    DEFAULT_OWNER_TAGS,
    UNASSIGNED,
    TeamFixList,
    owner_of,
    severity_rank,
    stage_rank,
    team_fix_lists,
)

LAYER_NAMES = {"apps": "Applications", "hosts": "Servers and containers (hosts)", "networks": "Networks",
               "cloud": "Account configuration (cloud)"}
PHASES = ("Quick Wins", "Foundational", "Efficient", "Optimized")

STAGE_IMPACT = {
    "recon": "helps an attacker map what you run before striking",
    "initial-access": "gives an outsider a way in",
    "control": "lets an intruder keep a foothold and run their own code",
    "discover-spread": "lets an intruder reach more systems or raise their privileges",
    "exfiltrate": "lets data leave the account, or be destroyed",
}
DOMAIN_IMPACT = {
    "Data protection": "customer or business data could be exposed, with breach-notification costs, fines and "
                       "lost trust",
    "Identity and access management": "access is wider than intended, so the wrong people or services could act "
                                      "with your staff's authority",
    "Infrastructure protection": "systems are reachable in ways they should not be",
    "Threat detection": "an attack could go unnoticed for a long time",
    "Vulnerability management": "known weaknesses stay open for attackers to use",
    "Application security": "the applications your customers use could be abused",
    "Resiliency": "an outage or a deletion could be slow or impossible to recover from",
    "Incident response": "the team would be slow to contain an incident",
    "Security governance": "security rules are not applied consistently across the account",
    "Security assurance": "nobody can show that controls work, which auditors and customers will ask for",
}
SEVERITY_WORDS = {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low", "info": "Informational"}


@dataclass
class LayerStanding:
    layer: str
    name: str
    phase: str | None
    score: float | None
    failing: int
    errors: int
    blocked_by: list[str]

    @property
    def evaluated(self) -> bool:
        return self.score is not None or self.failing > 0 or self.errors > 0

    def sentence(self) -> str:
        if not self.evaluated:
            return "was not assessed."
        score = "no score yet" if self.score is None else f"score {self.score:.0f}/100"
        if self.phase:
            nxt = PHASES.index(self.phase) + 1
            level = f"has reached the **{self.phase}** phase ({score})"
            goal = f"; {len(self.blocked_by)} control(s) stand between it and {PHASES[nxt]}" if (
                self.blocked_by and nxt < len(PHASES)) else ""
        else:
            level = f"has **not yet reached the first phase** (Quick Wins) ({score})"
            goal = f"; {len(self.blocked_by)} control(s) must pass first" if self.blocked_by else ""
        errors = f"; {self.errors} check(s) could not be read" if self.errors else ""
        return f"{level}, {self.failing} failing check(s){goal}{errors}."


@dataclass
class Risk:
    rule_id: str
    title: str
    severity: str
    stage: str
    domain: str
    layers: list[str]
    resources: list[str]
    teams: list[str]
    paths: int = 0
    fix: str = ""
    examples: list[str] = field(default_factory=list)

    @property
    def impact(self) -> str:
        stage = STAGE_IMPACT.get(self.stage, "weakens the account's defences")
        domain = DOMAIN_IMPACT.get(self.domain, "the business is exposed")
        reach = f"{len(self.resources)} resource(s)"
        paths = f" It lies on {self.paths} attack path(s) to valuable targets." if self.paths else ""
        return f"Not met on {reach}. If exploited, it {stage}. Why it matters: {domain}.{paths}"


def standings(doc: Mapping[str, Any]) -> list[LayerStanding]:
    layers = doc.get("layers") or {}
    out = []
    for key, name in LAYER_NAMES.items():
        layer = layers.get(key) or {}
        out.append(LayerStanding(key, name, layer.get("phase"), layer.get("score"), int(layer.get("fail") or 0),
                                 int(layer.get("error") or 0), list(layer.get("next_phase_blocked_by") or [])))
    return out


def _paths_per_rule(doc: Mapping[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for p in doc.get("paths") or []:
        for rid in {s.get("finding_rule_id") for s in p.get("steps") or [] if s.get("finding_rule_id")}:
            counts[str(rid)] += 1
    return counts


def top_risks(doc: Mapping[str, Any], limit: int = 5,
              tag_keys: Sequence[str] = DEFAULT_OWNER_TAGS) -> list[Risk]:
    """The worst failing rules: severity, then attack paths they sit on, then stage, then reach."""
    by_rule: dict[str, Risk] = {}
    for f in doc.get("findings") or []:
        if f.get("status") != "FAIL":
            continue
        rid = str(f.get("rule_id"))
        risk = by_rule.get(rid)
        if risk is None:
            risk = by_rule[rid] = Risk(rid, str(f.get("title") or rid), str(f.get("severity") or ""),
                                       str(f.get("stage") or ""), str(f.get("domain") or ""), [], [], [],
                                       fix=str((f.get("remediation") or {}).get("text") or ""))
        resource = str(f.get("resource_id") or f.get("resource_arn") or "")
        if resource not in risk.resources:
            risk.resources.append(resource)
        for value, bucket in ((f.get("layer"), risk.layers), (owner_of(f.get("tags"), tag_keys) or UNASSIGNED,
                                                              risk.teams)):
            if value and value not in bucket:
                bucket.append(str(value))
    paths = _paths_per_rule(doc)
    for risk in by_rule.values():
        risk.paths = paths.get(risk.rule_id, 0)
        risk.examples = risk.resources[:3]
    ranked = sorted(by_rule.values(), key=lambda r: (severity_rank(r.severity), -r.paths, stage_rank(r.stage),
                                                     -len(r.resources), r.rule_id))
    return ranked[:limit]


def _status_counts(doc: Mapping[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for f in doc.get("findings") or []:
        counts[str(f.get("status"))] += 1
    return counts


def headline(doc: Mapping[str, Any]) -> str:
    overall = doc.get("overall") or {}
    score = overall.get("score")
    counts = _status_counts(doc)
    text = (f"Overall security score: **{'n/a' if score is None else f'{score:.0f}/100'}**. "
            f"{counts.get('FAIL', 0)} check(s) fail, {counts.get('PASS', 0)} pass")
    if counts.get("ERROR"):
        text += f", and {counts['ERROR']} could not be checked"
    return text + "."


def gap_warning(doc: Mapping[str, Any]) -> str | None:
    gaps = doc.get("gaps") or []
    if not gaps:
        return None
    services = sorted({str(g.get("service")) for g in gaps})
    if doc.get("emulated"):
        return (f"Collected from an emulator: {len(gaps)} read(s) it does not implement failed "
                f"({', '.join(services)}). These are limits of the emulator, not of the account; the checks that "
                "needed them say 'could not check'. Against AWS the same reads succeed with the policy of "
                "'ssrm permissions'.")
    return (f"The assessment is incomplete: {len(gaps)} read(s) failed ({', '.join(services)}). Everything that "
            "depended on them is marked 'could not check' rather than passed; grant the missing read access and "
            "run again.")


def change_lines(doc: Mapping[str, Any], limit: int = 5) -> tuple[str, list[str], list[str]] | None:
    """(intro sentence, new failures, fixed) from ``history``, or None when it was not computed."""
    h = doc.get("history")
    if h is None:
        return None
    new, fixed = list(h.get("new_failures") or []), list(h.get("fixed") or [])
    intro = (f"Since the assessment of {h.get('previous_assessed_at') or 'the previous run'}: {len(new)} new "
             f"failure(s), {len(fixed)} fixed.")
    return intro, [_change(i) for i in new[:limit]], [_change(i) for i in fixed[:limit]]


def _change(item: Any) -> str:
    if isinstance(item, Mapping):
        what = item.get("title") or item.get("rule_id") or ""
        where = item.get("resource_id") or item.get("resource_arn") or item.get("resource") or ""
        return f"{what} ({where})" if where else str(what)
    return str(item)


def first_steps(doc: Mapping[str, Any], limit: int = 3) -> list[str]:
    steps = sorted(doc.get("plan") or [], key=lambda s: s.get("order", 0))[:limit]
    return [f"{s.get('title')} (effort {s.get('effort', 'n/a')}, cuts {count_of(s.get('paths_broken'))} attack "
            "path(s))" for s in steps]


def _md(text: Any) -> str:
    """Escape characters Markdown would read as formatting in values that come from the account."""
    out = str(text)
    for ch in ("\\", "`", "*", "_", "[", "]", "<", ">", "|"):
        out = out.replace(ch, "\\" + ch)
    return out


def render_markdown(doc: dict[str, Any], tag_keys: Sequence[str] = DEFAULT_OWNER_TAGS, per_team: int = 5) -> str:
    """The executive summary of the assessment document ``doc`` as Markdown."""
    lines = [f"# Security assessment of AWS account {_md(doc.get('account') or 'unknown')}", "",
             f"Assessed {_md(doc.get('assessed_at') or 'n/a')} · regions: "
             f"{_md(', '.join(doc.get('regions') or []) or 'none')}", "", "## Where the account stands", "",
             headline(doc), ""]
    warning = gap_warning(doc)
    if warning:
        lines += [f"> **Warning:** {warning}", ""]
    lines += [f"- **{s.name}** {s.sentence()}" for s in standings(doc)]
    lines += ["", "AWS secures the layers underneath (data centres, hardware, hypervisor, foundational services); "
              "the layers above are the account owner's responsibility.", "", "## The risks that matter", ""]
    risks = top_risks(doc, tag_keys=tag_keys)
    if not risks:
        lines.append("No check fails: there is no open risk to report.")
    for n, r in enumerate(risks, 1):
        lines.append(f"{n}. **{_md(r.title)}** — {SEVERITY_WORDS.get(r.severity, r.severity)} severity. "
                     f"{_md(r.impact)} Owner(s): {_md(', '.join(r.teams))}.")
        if r.fix:
            lines.append(f"   *What to do:* {_md(r.fix)}")
    steps = first_steps(doc)
    if steps:
        lines += ["", "## First steps of the action plan", ""] + [f"{n}. {_md(s)}" for n, s in enumerate(steps, 1)]
    lines += ["", "## What changed since the last assessment", ""]
    changes = change_lines(doc)
    if changes is None:
        lines.append("No earlier assessment to compare with.")
    else:
        intro, new, fixed = changes
        lines.append(intro)
        if new:
            lines += ["", "New failures:"] + [f"- {_md(x)}" for x in new]
        if fixed:
            lines += ["", "Fixed:"] + [f"- {_md(x)}" for x in fixed]
    lines += ["", "## Who must act", "", *_teams_md(team_fix_lists(doc, tag_keys), tag_keys, per_team)]
    return "\n".join(lines).rstrip() + "\n"


def _teams_md(lists: list[TeamFixList], tag_keys: Sequence[str], per_team: int) -> list[str]:
    if not lists:
        return ["Nobody: no check fails."]
    lines = [f"Failing checks are routed by the resource tags {', '.join(f'`{k}`' for k in tag_keys)}; resources "
             "without them are listed as *unassigned*.", "", "| Team | Failing checks | Most urgent fix |",
             "|---|---:|---|"]
    lines += [f"| {_md(t.team)} | {t.findings} | {_md(t.items[0].title)} |" for t in lists]
    for t in lists:
        lines += ["", f"### {_md(t.team)}", ""]
        for n, item in enumerate(t.items[:per_team], 1):
            shown = ", ".join(item.resources[:3]) + (f" and {len(item.resources) - 3} more"
                                                     if len(item.resources) > 3 else "")
            lines.append(f"{n}. [{item.severity}, {item.stage}] {_md(item.title)} — {_md(shown)}")
        if len(t.items) > per_team:
            lines.append(f"\n… and {len(t.items) - per_team} more rule(s).")
    return lines
