"""Known vendor AWS account ids (fwd:cloudsec known_aws_accounts, Apache-2.0, shipped as package data)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

DATA_FILE = "known-aws-accounts.yaml"
SOURCE = "https://github.com/fwdcloudsec/known_aws_accounts (Apache-2.0)"


@dataclass(frozen=True)
class KnownAccount:
    account: str
    vendor: str
    source: str
    aws_service: bool  # the vendor is AWS itself (type: aws), naming one of its services


@cache
def known_accounts() -> dict[str, KnownAccount]:
    raw = yaml.safe_load((files("ssrm.org") / "data" / DATA_FILE).read_text(encoding="utf-8")) or []
    found: dict[str, KnownAccount] = {}
    for entry in raw:
        if not isinstance(entry, dict):
            continue
        sources = entry.get("source") or []
        source = sources[0] if isinstance(sources, list) and sources else str(sources or "")
        for account in entry.get("accounts") or []:
            account_id = str(account).strip().zfill(12)
            found.setdefault(account_id, KnownAccount(account_id, str(entry.get("name", "")), str(source),
                                                      entry.get("type") == "aws"))
    return found


def vendor_of(account: str) -> KnownAccount | None:
    return known_accounts().get(account)
