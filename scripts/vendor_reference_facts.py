"""Copy the facts the catalogue-wide metadata test checks rules against into tests/data/reference/facts.json,
so the test runs on any clone (no ../shared needed): ATT&CK technique ids (IaaS and Containers), SMM
control phases and domains, CIS control ids and assessment kind, FSBP control severities.

    .venv/bin/python scripts/vendor_reference_facts.py [--reference ../shared/reference]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "reference" / "facts.json"


def load(reference: Path, name: str) -> Any:
    return json.loads((reference / name).read_text(encoding="utf-8"))


def facts(reference: Path) -> dict[str, Any]:
    attack: set[str] = set()
    for name in ("attack_iaas_v18.1.json", "attack_containers_v18.1.json"):
        attack |= {t["id"] for tactic in load(reference, name)["tactics"] for t in tactic["techniques"]}
    smm = load(reference, "aws_security_maturity_model_v2.json")
    cis = load(reference, "cis_aws_foundations_7.0.0.json")
    fsbp = load(reference, "aws_fsbp.json")
    return {
        "sources": {"attack": "MITRE ATT&CK v18.1 (IaaS, Containers)", "smm": smm.get("model", "AWS SMM v2"),
                    "cis": f"{cis['framework']} {cis['version']}", "fsbp": fsbp["framework"]},
        "attack": sorted(attack),
        "smm": {c["id"]: {"phase": c["phase"], "domain": c["domain"]} for c in smm["controls"]},
        "cis": {c["id"]: c["assessment"] for c in cis["controls"]},
        "fsbp": {c["id"]: c["severity"] for c in fsbp["controls"]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    args = parser.parse_args()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(facts(args.reference), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
