"""Private CA (FSBP PrivateCertificateAuthority.1) and Site-to-Site VPN tunnels (EC2.20)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from ssrm.engine import evaluate
from ssrm.model import Inventory, Resource, Status
from ssrm.model.resources.apps.pca import PrivateCertificateAuthority
from ssrm.model.resources.compute.transit import VpnConnection
from ssrm.rules.catalog import find_rule
from ssrm.sources.aws.collectors import ALL_COLLECTORS
from ssrm.sources.aws.runner import scan
from ssrm.sources.aws.session import ConnectOptions

REGION = "us-east-1"
ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": REGION,
       "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}


@pytest.fixture(scope="module")
def inventory() -> Iterator[Inventory]:
    with pytest.MonkeyPatch.context() as mp, mock_aws():
        for key in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
            mp.delenv(key, raising=False)
        for key, value in ENV.items():
            mp.setenv(key, value)
        boto3.client("acm-pca", region_name=REGION).create_certificate_authority(
            CertificateAuthorityType="ROOT", CertificateAuthorityConfiguration={
                "KeyAlgorithm": "RSA_2048", "SigningAlgorithm": "SHA256WITHRSA",
                "Subject": {"CommonName": "Acme Root CA"}})
        ec2 = boto3.client("ec2", region_name=REGION)
        gateway = ec2.create_customer_gateway(Type="ipsec.1", PublicIp="203.0.113.10", BgpAsn=65000)
        vgw = ec2.create_vpn_gateway(Type="ipsec.1")
        ec2.create_vpn_connection(Type="ipsec.1", CustomerGatewayId=gateway["CustomerGateway"]["CustomerGatewayId"],
                                  VpnGatewayId=vgw["VpnGateway"]["VpnGatewayId"])
        collectors = [c for c in ALL_COLLECTORS if c.name in ("acm-pca", "transitgateway")]
        yield scan(ConnectOptions(region=REGION), collectors, regions=[REGION], workers=4)


def test_records(inventory: Inventory) -> None:
    [authority] = inventory.of_type(PrivateCertificateAuthority)
    assert (authority.ca_type, authority.name) == ("ROOT", "Acme Root CA")
    assert len(inventory.of_type(VpnConnection)) == 1
    assert not inventory.gaps


def verdicts(rule_id: str, *resources: Resource) -> dict[str, Status]:
    rule = find_rule(rule_id)
    assert rule is not None
    inventory = Inventory(account="1", regions=[REGION])
    inventory.add(resources)
    return {f.resource_id: f.status for f in evaluate(inventory, [rule])}


def test_active_root_ca_fails() -> None:
    def ca(ident: str, kind: str, status: str) -> PrivateCertificateAuthority:
        return PrivateCertificateAuthority(arn=f"arn:aws:acm-pca:{REGION}:1:certificate-authority/{ident}",
                                           id=ident, ca_type=kind, status=status)

    assert verdicts("acmpca_root_ca_disabled", ca("r", "ROOT", "ACTIVE"), ca("d", "ROOT", "DISABLED"),
                    ca("s", "SUBORDINATE", "ACTIVE")) == {
        "r": Status.FAIL, "d": Status.PASS, "s": Status.NOT_APPLICABLE}


def test_vpn_with_a_tunnel_down_fails() -> None:
    def vpn(ident: str, *tunnels: str) -> VpnConnection:
        return VpnConnection(arn=f"arn:aws:ec2:{REGION}:1:vpn-connection/{ident}", id=ident, tunnel_status=tunnels)

    assert verdicts("ec2_vpn_tunnels_up", vpn("a", "UP", "UP"), vpn("b", "UP", "DOWN"), vpn("c")) == {
        "a": Status.PASS, "b": Status.FAIL, "c": Status.NOT_APPLICABLE}
