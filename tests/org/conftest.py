"""An organization of 20 member accounts planted in one emulator, shared by the organization tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from ssrm.demo.org import ORG_EMULATOR_ENV, PlantedOrg, plant_org
from ssrm.demo.server import emulator
from ssrm.demo.world import DemoWorld

ORG_SERVICES = "iam,organizations,cloudtrail,s3,sqs,ec2,vpc"
ORG_REGIONS = "us-east-1,eu-west-1"


@pytest.fixture(scope="package")
def org() -> Iterator[PlantedOrg]:
    saved = dict(os.environ)
    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        os.environ.pop(key, None)
    try:
        with emulator(ORG_EMULATOR_ENV) as endpoint:
            yield plant_org(DemoWorld(endpoint), members=20)
    finally:
        os.environ.clear()
        os.environ.update(saved)
