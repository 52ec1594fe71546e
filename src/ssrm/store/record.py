"""The one call the pipeline makes to keep a run: ``record_run(store_url, assessment, source=...)``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ssrm.store.engine import StoreError, resolve_store_url
from ssrm.store.store import RunInfo, Store, open_store

if TYPE_CHECKING:
    from ssrm.assess.assessment import Assessment


def assessment_document(assessment: Assessment) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the JSON assessment, the inventory snapshot) of an in-memory assessment."""
    from ssrm.model.snapshot import inventory_to_dict
    from ssrm.report.json_out import assessment_to_dict

    return assessment_to_dict(assessment), inventory_to_dict(assessment.inventory)


def iac_document(iac: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """(assessment document, inventory snapshot) of an ``ssrm iac`` result, scored like a live account."""
    return assessment_document(iac.assessment)


def record_alerts(store_url: str | None, alerts: list[Any]) -> tuple[int, int] | None:
    """Keep ``ssrm detect`` alerts (model objects or dicts), deduplicated; (new, merged) or None without a store."""
    url = resolve_store_url(store_url)
    if url is None:
        return None
    store = open_store(url)
    try:
        return store.record_alerts(a if isinstance(a, dict) else a.model_dump(mode="json") for a in alerts)
    finally:
        store.close()


def record_run(store_url: str | None, assessment: Assessment | dict[str, Any], *, source: str, target: str = "",
               run_id: int | None = None, inventory: dict[str, Any] | None = None) -> RunInfo | None:
    """Keep an assessment in the store named by ``store_url`` (or ``SSRM_STORE``, or the default file when it
    exists); does nothing when there is no store. ``source`` is live, snapshot, iac or detect. With
    ``run_id`` (from ``begin``) the run begun before collection is completed instead of a new one made."""
    url = resolve_store_url(store_url)
    if url is None:
        return None
    if isinstance(assessment, dict):
        doc, inv = assessment, inventory
    else:
        doc, inv = assessment_document(assessment)
    store = open_store(url)
    try:
        if run_id is None:
            return store.record(doc, inv, source=source, target=target)
        return store.finish_run(run_id, doc, inv)
    finally:
        store.close()


@contextmanager
def recording(store_url: str | None, *, source: str, target: str = "",
              use_default: bool = True) -> Iterator[RunRecorder]:
    """Begin a run before the work starts, so a crash or Ctrl-C leaves it failed (or, if the process is
    killed outright, interrupted), never missing and never clean. ``use_default``: also the per-user default
    store when it exists (and neither ``store_url`` nor ``SSRM_STORE`` names one)."""
    url = resolve_store_url(store_url, use_default=use_default)
    store = open_store(url) if url else None
    recorder = RunRecorder(store, source=source, target=target)
    try:
        yield recorder
    except BaseException as exc:
        if store is not None and recorder.run_id is not None and recorder.info is None:
            store.fail_run(recorder.run_id, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)
        raise
    finally:
        if store is not None:
            store.close()


class RunRecorder:
    def __init__(self, store: Store | None, *, source: str, target: str) -> None:
        self.store = store
        self.source = source
        self.info: RunInfo | None = None
        self.run_id = store.begin_run(source=source, target=target) if store is not None else None

    def record(self, assessment: Assessment | dict[str, Any],
               inventory: dict[str, Any] | None = None) -> RunInfo | None:
        if self.store is None or self.run_id is None:
            return None
        if isinstance(assessment, dict):
            doc, inv = assessment, inventory
        else:
            doc, inv = assessment_document(assessment)
        self.info = self.store.finish_run(self.run_id, doc, inv)
        return self.info


__all__ = ["RunRecorder", "StoreError", "iac_document", "record_alerts", "record_run", "recording"]
