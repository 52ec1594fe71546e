"""The report's "Changes" section for a run just kept: its diff against the previous finished run."""

from __future__ import annotations

from typing import Any

from ssrm.drift.diff import diff_runs, history_section
from ssrm.store import FINISHED, RunInfo, open_store, resolve_store_url


def changes_since_previous(store_url: str | None, head: RunInfo) -> dict[str, Any] | None:
    """The ``history`` section (docs/json-output.md), or None when the run has no finished predecessor."""
    url = resolve_store_url(store_url)
    if url is None or head.status not in FINISHED:
        return None
    store = open_store(url)
    try:
        earlier = [r for r in store.runs(account=head.account, source=head.source, finished_only=True, limit=5)
                   if r.id < head.id]
        if not earlier:
            return None
        return history_section(diff_runs(store, earlier[0], head))
    finally:
        store.close()
