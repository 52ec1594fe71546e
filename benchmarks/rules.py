"""Rule evaluation benchmark: every built-in rule over about 100 000 resources.

    .venv/bin/python benchmarks/rules.py inventory.json [--target 100000]

The inventory (``ssrm scan --save`` or ``ssrm demo --save``) is replicated with fresh ids until it holds
``--target`` resources, so the mix of types and configurations stays that of a real account. Prints rules per
service, evaluation time and peak memory of the evaluation.
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc
from collections import Counter
from pathlib import Path

from ssrm.engine import evaluate
from ssrm.model import Inventory
from ssrm.model.snapshot import load_inventory
from ssrm.rules.catalog import builtin_rules

SINGLETONS = {"AWS::Account", "AWS::Region"}


def replicate(source: Inventory, target: int) -> Inventory:
    """Copies of every resource with new ids (account and region records stay single)."""
    inventory = Inventory(account=source.account, regions=list(source.regions), source=source.source,
                          services=source.services)
    inventory.add(r for r in source.resources if r.resource_type in SINGLETONS)
    inventory.add_gaps(source.gaps)
    copyable = [r for r in source.resources if r.resource_type not in SINGLETONS]
    copy = 0
    while len(inventory.resources) < target and copyable:
        copy += 1
        inventory.add(r.model_copy(update={"arn": f"{r.arn}-copy{copy}", "id": f"{r.id}-copy{copy}"})
                      for r in copyable)
    return inventory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inventory", type=Path)
    parser.add_argument("--target", type=int, default=100_000)
    parser.add_argument("--trace-memory", action="store_true",
                        help="also measure peak allocations (tracemalloc; slows evaluation several times)")
    args = parser.parse_args()
    rules = builtin_rules()
    inventory = replicate(load_inventory(args.inventory), args.target)
    per_service = Counter(r.service for r in rules)
    print(f"{len(rules)} rules over {len(per_service)} services:")
    for service, count in sorted(per_service.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {service:<28} {count:>4}")
    if args.trace_memory:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    findings = evaluate(inventory, rules)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    statuses = Counter(f.status.value for f in findings)
    print(f"\n{len(inventory.resources)} resources, {len(findings)} findings ({dict(statuses)})")
    print(f"evaluation: {wall:.2f} s wall, {cpu:.2f} s CPU, {len(findings) / cpu:,.0f} findings per CPU-second; "
          f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    if args.trace_memory:
        print(f"peak traced allocations during evaluation {tracemalloc.get_traced_memory()[1] / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
