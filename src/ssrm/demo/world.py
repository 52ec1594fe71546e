"""What the demo planters share: clients for the emulator and the names/ids each group created."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config

ACCOUNT = "123456789012"
MAIN_REGION = "us-east-1"
SECOND_REGION = "eu-west-1"
DEMO_REGIONS = (MAIN_REGION, SECOND_REGION)


@dataclass
class DemoWorld:
    """Planting context. ``refs`` carries what one group made for another (ids, ARNs), by agreed key."""

    endpoint: str
    refs: dict[str, Any] = field(default_factory=dict)
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict)

    def client(self, service: str, region: str = MAIN_REGION) -> Any:
        key = (service, region)
        if key not in self._clients:
            self._clients[key] = boto3.client(
                service, region_name=region, endpoint_url=self.endpoint,
                config=Config(inject_host_prefix=False, retries={"mode": "standard", "max_attempts": 2}),
            )
        return self._clients[key]
