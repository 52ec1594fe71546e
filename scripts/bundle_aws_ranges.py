"""Write AWS's ip-ranges.json as the copy ssrm ships (src/ssrm/detect/data/aws-ip-ranges.json.gz).

    python scripts/bundle_aws_ranges.py ip-ranges.json [--via "where this copy was obtained"]

The input is AWS's own document (https://ip-ranges.amazonaws.com/ip-ranges.json); the output is ssrm's compact
form (merged intervals) with AWS's createDate and syncToken and a note of where the copy came from.
Users replace the shipped copy for themselves with ``ssrm detect --update-aws-ranges FILE``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

from ssrm.detect import awsranges

TARGET = Path(__file__).resolve().parent.parent / "src" / "ssrm" / "detect" / "data" / awsranges.BUNDLED_NAME


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("document", type=Path, help="AWS's ip-ranges.json")
    ap.add_argument("--via", default="", help="where this copy was obtained, if not from AWS directly")
    args = ap.parse_args()
    try:
        ranges = awsranges.read_file(args.document)
    except awsranges.RangesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    source = f"{awsranges.AWS_URL}, syncToken {ranges.sync_token}" + (f", via {args.via}" if args.via else "")
    body = json.dumps(ranges.to_compact(source), separators=(",", ":")).encode()
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    size = TARGET.stat().st_size
    print(f"wrote {ranges.summary.replace(str(args.document), 'compact')} to {TARGET} ({size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
