"""ssrm as a library: build (or load) an inventory, assess it, read the result, render a report.

Run: python docs/examples/library/assess_snapshot.py [SNAPSHOT]   (no argument: a two-resource inventory)
"""

from __future__ import annotations

import sys
from pathlib import Path

from ssrm.model import Inventory, Status
from ssrm.model.resources.compute.ec2 import Instance, MetadataOptions
from ssrm.model.snapshot import load_inventory
from ssrm.pipeline import PathBudget, assess
from ssrm.report.formats import ReportFormat, render
from ssrm.report.json_out import assessment_to_dict


def small_inventory() -> Inventory:
    inventory = Inventory(account="111122223333", regions=["us-east-1"], services=["ec2"])
    inventory.add([Instance(arn="arn:aws:ec2:us-east-1:111122223333:instance/i-web", id="i-web", name="web",
                            account="111122223333", region="us-east-1",
                            metadata=MetadataOptions(http_tokens="optional", http_endpoint="enabled"))])
    return inventory


def main(argv: list[str]) -> dict[str, int]:
    inventory = load_inventory(Path(argv[0])) if argv else small_inventory()
    # The built-in rules; runtime-only rules apply because the inventory's source is "aws".
    assessment = assess(inventory, budget=PathBudget(max_paths=10, seconds=2.0))
    failing = assessment.with_status(Status.FAIL)
    for finding in failing[:5]:
        print(f"{finding.severity.value:<8} {finding.rule_id}  {finding.resource_id}: {finding.reason}")
    doc = assessment_to_dict(assessment)  # the JSON contract of docs/json-output.md
    summary = render(doc, ReportFormat.md)  # any format of ssrm.report.formats.RENDERERS
    print(summary.splitlines()[0])
    return {"failing": len(failing), "findings": len(doc["findings"]), "paths": len(doc["paths"] or [])}


if __name__ == "__main__":
    print(main(sys.argv[1:]))
