"""EC2 Client VPN endpoints (FSBP EC2.51). The emulator does not implement DescribeClientVpnEndpoints, so the
collector is tested against recorded botocore-shaped replies (botocore's Stubber validates them against the
service model), and against the emulator only for the honest gap it gives."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from ssrm.engine import evaluate
from ssrm.model import Inventory, Status
from ssrm.model.resources.compute.client_vpn import ClientVpnEndpoint
from ssrm.rules.catalog import find_rule
from ssrm.sources.aws.collectors.compute import client_vpn
from ssrm.sources.aws.context import CollectContext
from ssrm.sources.aws.runner import scan
from ssrm.sources.aws.session import ConnectOptions, ScanSession

REGION = "eu-west-1"
ACCOUNT = "123456789012"


def recorded(endpoint_id: str, *, logging: bool, status: str = "available") -> dict[str, Any]:
    """One entry of DescribeClientVpnEndpoints' ClientVpnEndpoints, as AWS returns it."""
    logs: dict[str, Any] = {"Enabled": logging}
    if logging:
        logs.update(CloudwatchLogGroup="/vpn/clients", CloudwatchLogStream="connections")
    return {
        "ClientVpnEndpointId": endpoint_id, "Description": f"{endpoint_id} for staff",
        "Status": {"Code": status}, "CreationTime": "2024-05-01T09:00:00", "DnsName": "*.cvpn.example",
        "ClientCidrBlock": "10.100.0.0/22", "SplitTunnel": True, "VpnProtocol": "openvpn", "TransportProtocol": "udp",
        "VpnPort": 443, "ServerCertificateArn": f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/abc",
        "AuthenticationOptions": [{"Type": "certificate-authentication", "MutualAuthentication": {
            "ClientRootCertificateChain": f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/root"}}],
        "ConnectionLogOptions": logs, "Tags": [{"Key": "Name", "Value": endpoint_id}],
        "SecurityGroupIds": ["sg-0123456789abcdef0"], "VpcId": "vpc-0123456789abcdef0",
    }


@pytest.fixture
def session(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScanSession]:
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    scan_session = ScanSession(boto3.Session(region_name=REGION), ACCOUNT, "aws", ConnectOptions(region=REGION))
    yield scan_session
    scan_session.close()


def collect_recorded(session: ScanSession, *endpoints: dict[str, Any]) -> list[ClientVpnEndpoint]:
    ctx = CollectContext(session, client_vpn.COLLECTOR, REGION)
    with Stubber(ctx.client()) as stub:
        stub.add_response("describe_client_vpn_endpoints", {"ClientVpnEndpoints": list(endpoints)}, {})
        client_vpn.COLLECTOR.collect(ctx)
        stub.assert_no_pending_responses()
    return [r for r in session.resources if isinstance(r, ClientVpnEndpoint)]


def judge(*endpoints: ClientVpnEndpoint) -> dict[str, Status]:
    rule = find_rule("ec2_client_vpn_connection_logging")
    assert rule is not None
    inventory = Inventory(account=ACCOUNT, regions=[REGION])
    inventory.add(endpoints)
    return {f.resource_id: f.status for f in evaluate(inventory, [rule])}


def test_recorded_replies_make_records_and_verdicts(session: ScanSession) -> None:
    records = collect_recorded(session, recorded("cvpn-endpoint-logged", logging=True),
                               recorded("cvpn-endpoint-silent", logging=False),
                               recorded("cvpn-endpoint-gone", logging=False, status="deleted"))
    by_id = {r.id: r for r in records}
    assert set(by_id) == {"cvpn-endpoint-logged", "cvpn-endpoint-silent"}
    logged = by_id["cvpn-endpoint-logged"]
    assert (logged.log_group, logged.name, logged.region) == ("/vpn/clients", "cvpn-endpoint-logged", REGION)
    assert logged.arn == f"arn:aws:ec2:{REGION}:{ACCOUNT}:client-vpn-endpoint/cvpn-endpoint-logged"
    assert judge(*records) == {"cvpn-endpoint-logged": Status.PASS, "cvpn-endpoint-silent": Status.FAIL}
    assert not session.gaps


def test_the_emulator_lacks_the_api_and_the_rule_says_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        inventory = scan(ConnectOptions(region=REGION), [client_vpn.COLLECTOR], regions=[REGION], workers=2)
    assert [g.api for g in inventory.gaps] == ["DescribeClientVpnEndpoints"]
    rule = find_rule("ec2_client_vpn_connection_logging")
    assert rule is not None
    assert [f.status for f in evaluate(inventory, [rule])] == [Status.ERROR]
