"""Classic Load Balancers: collected from moto, judged by FSBP ELB.2/3/7/9/10/14."""

from __future__ import annotations

import os
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from ssrm.engine import evaluate
from ssrm.model import Inventory, Status
from ssrm.model.resources.apps.elb import ClassicLoadBalancer
from ssrm.rules.apps import elb as elb_rules
from ssrm.rules.catalog import rules_in
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
        acm_cert = boto3.client("acm", region_name=REGION).request_certificate(
            DomainName="shop.example.com")["CertificateArn"]
        iam_cert = boto3.client("iam").upload_server_certificate(
            ServerCertificateName="old", CertificateBody="-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----",
            PrivateKey="k")["ServerCertificateMetadata"]["Arn"]
        elb = boto3.client("elb", region_name=REGION)
        elb.create_load_balancer(
            LoadBalancerName="legacy", AvailabilityZones=[f"{REGION}a"],
            Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 80},
                       {"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTP",
                        "InstancePort": 80, "SSLCertificateId": iam_cert}])
        elb.create_load_balancer(
            LoadBalancerName="tidy", AvailabilityZones=[f"{REGION}a", f"{REGION}b"],
            Listeners=[{"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTP",
                        "InstancePort": 80, "SSLCertificateId": acm_cert}])
        elb.modify_load_balancer_attributes(LoadBalancerName="tidy", LoadBalancerAttributes={
            "ConnectionDraining": {"Enabled": True, "Timeout": 300},
            "CrossZoneLoadBalancing": {"Enabled": True}})
        collectors = [c for c in ALL_COLLECTORS if c.name == "elb"]
        yield scan(ConnectOptions(region=REGION), collectors, regions=[REGION], workers=4)


def test_records(inventory: Inventory) -> None:
    balancers = {b.name: b for b in inventory.of_type(ClassicLoadBalancer)}
    assert set(balancers) == {"legacy", "tidy"}
    tidy = balancers["tidy"]
    assert tidy.connection_draining and tidy.cross_zone and len(tidy.availability_zones) == 2
    assert [listener.protocol for listener in tidy.listeners] == ["HTTPS"]
    assert str(tidy.listeners[0].certificate_id).startswith("arn:aws:acm:")
    assert not inventory.gaps


def test_verdicts(inventory: Inventory) -> None:
    findings = evaluate(inventory, rules_in([elb_rules]))
    verdicts = {(f.rule_id, f.resource_id): f.status for f in findings}
    for rule_id in ("elb_classic_acm_certificate", "elb_classic_tls_listeners", "elb_classic_connection_draining",
                    "elb_classic_cross_zone", "elb_classic_multi_az"):
        assert verdicts[(rule_id, "tidy")] is Status.PASS, rule_id
        assert verdicts[(rule_id, "legacy")] is Status.FAIL, rule_id
    assert verdicts[("elb_classic_desync_mitigation", "tidy")] is Status.PASS


def test_monitor_desync_mode_fails_and_unread_attributes_are_errors() -> None:
    rule = next(r for r in rules_in([elb_rules]) if r.id == "elb_classic_desync_mitigation")
    lb = ClassicLoadBalancer(arn="arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/x", id="x", name="x",
                             desync_mitigation_mode="monitor")
    inventory = Inventory(account="1", regions=[REGION])
    inventory.add([lb, lb.model_copy(update={"id": "y", "arn": lb.arn + "y",
                                             "unknown": {"desync_mitigation_mode": "AccessDenied"}})])
    statuses = {f.resource_id: f.status for f in evaluate(inventory, [rule])}
    assert statuses == {"x": Status.FAIL, "y": Status.ERROR}
