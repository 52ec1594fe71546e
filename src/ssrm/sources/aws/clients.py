"""Making botocore clients: safely from several threads, and cheaply.

A client cost about 10 ms of CPU, most of it building its class (a method per operation of the service);
a scan makes one per service and region, an organization scan one per service, region and account, which
was a fifth of its CPU.
"""

from __future__ import annotations

import threading
from typing import Any

import boto3

_client_creation = threading.Lock()
_classes: dict[tuple[str, str, tuple[str, ...]], type] = {}
_sharing = threading.local()


def new_client(session: boto3.Session, service: str, **kwargs: Any) -> Any:
    """``session.client(...)`` under one lock per process: a boto3 session is not safe to make clients from
    in several threads at once, and an organization scan shares one per member account between threads.
    Making a client is CPU work under the GIL, so the lock costs no parallelism.

    The client's class is made once per service and process and shared by every client made here,
    whatever the account or region."""
    with _client_creation:
        _sharing.on = True
        try:
            return session.client(service, **kwargs)
        finally:
            _sharing.on = False


def _share_client_classes() -> None:
    """Wrap botocore's client class factory: inside ``new_client`` a class already made for the same
    service, API version and operations is reused; elsewhere in the process nothing changes. The class
    holds no state of its own (credentials, endpoint, config and event handlers belong to the instance).
    Should botocore rename the factory, clients are made as before."""
    from botocore.client import ClientCreator

    make = getattr(ClientCreator, "_create_client_class", None)
    if make is None or getattr(make, "ssrm_shared", False):
        return

    def shared(self: Any, service_name: str, service_model: Any) -> type:
        if not getattr(_sharing, "on", False):
            return make(self, service_name, service_model)  # type: ignore[no-any-return]
        key = (service_name, str(service_model.api_version), tuple(service_model.operation_names))
        cls = _classes.get(key)
        if cls is None:
            cls = _classes[key] = make(self, service_name, service_model)
        return cls

    shared.ssrm_shared = True  # type: ignore[attr-defined]
    ClientCreator._create_client_class = shared


_share_client_classes()
