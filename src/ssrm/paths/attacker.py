"""What ssrm knows about the attacker's own requests, so conditions on them are decided, not left open.

The attacker calls AWS now, with credentials it can make fresh (a new session token): ``aws:CurrentTime``,
``aws:EpochTime`` and ``aws:TokenIssueTime`` are the current time, so "only before 2020" can never hold and
"only after 2020" always does. IAM is a global service answered in us-east-1, so ``aws:RequestedRegion`` on
an ``iam:`` action is us-east-1 whatever region the attacker names. Every other key (source IP, MFA, VPC
endpoint, tags on the request) stays unknown and keeps its statement conditional.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from ssrm.iam import RequestContext

GLOBAL_SERVICES = {"iam": "us-east-1"}


@lru_cache(maxsize=64)
def attacker_context(action: str, now: dt.datetime | None = None) -> RequestContext:
    """The known keys of an attacker's request for ``action`` (cached per action; ``now`` for tests)."""
    moment = now or _now()
    values: dict[str, object] = {"aws:CurrentTime": moment, "aws:EpochTime": int(moment.timestamp()),
                                 "aws:TokenIssueTime": moment}
    region = GLOBAL_SERVICES.get(action.split(":", 1)[0].lower())
    if region:
        values["aws:RequestedRegion"] = region
    return RequestContext.of(values)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _now() -> dt.datetime:
    """One moment per process: every decision of one analysis sees the same time."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
