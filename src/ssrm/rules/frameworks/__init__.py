"""Compliance frameworks as data: each YAML file maps a framework's control ids to ssrm rule ids."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

# libyaml's loader reads the four files ten times faster than the pure-Python one (cold start of `ssrm iac`)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Control:
    id: str
    title: str
    rules: tuple[str, ...]
    manual: bool = False
    section: str = ""
    why: str = ""  # for a manual control: why no API or log can show it


@dataclass(frozen=True)
class Framework:
    key: str
    name: str
    version: str
    controls: tuple[Control, ...]

    def rule_ids(self) -> set[str]:
        return {r for c in self.controls for r in c.rules}


def _load(name: str) -> Framework:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_LOADER)  # a safe loader (C or Python)
    controls = tuple(
        Control(id=str(c["id"]), title=str(c.get("title", "")), rules=tuple(c.get("rules") or ()),
                manual=bool(c.get("manual", False)), section=str(c.get("section", "")),
                why=str(c.get("why", "")))
        for c in data["controls"]
    )
    return Framework(key=data["key"], name=data["name"], version=str(data.get("version", "")), controls=controls)


@cache
def all_frameworks() -> dict[str, Framework]:
    files = sorted(p.name for p in resources.files(__package__).iterdir() if p.name.endswith(".yaml"))
    frameworks = [_load(name) for name in files]
    return {f.key: f for f in frameworks}


def controls_of_rule() -> dict[str, list[str]]:
    """rule id -> ["CIS 2.4", "FSBP IAM.4", ...] for labelling findings."""
    mapping: dict[str, list[str]] = {}
    for framework in all_frameworks().values():
        for control in framework.controls:
            for rule_id in control.rules:
                mapping.setdefault(rule_id, []).append(f"{framework.key.upper()} {control.id}")
    return mapping
