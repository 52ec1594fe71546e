"""Host-layer rules (instances, EBS, images) and the reusable internet-exposure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ssrm.engine import judge
from ssrm.model import Inventory, Resource, Status
from ssrm.model.resources.compute.ebs import EbsEncryptionDefaults, Snapshot, Volume
from ssrm.model.resources.compute.ec2 import Image, MetadataOptions, SecretFound
from ssrm.model.resources.compute.network import PortRule
from ssrm.rules.base import Rule
from ssrm.rules.compute import ebs, images, instances
from ssrm.rules.compute.exposure import instance_exposure, internet_reachable

from .builders import (
    ACCOUNT,
    REGION,
    acl,
    arn,
    entry,
    group,
    igw_route,
    instance,
    inventory,
    subnet,
    table,
    world,
)


def verdict(rule: Rule, resource: Resource, inv: Inventory | None = None) -> tuple[Status, str]:
    v = judge(rule, resource, inv or inventory(resource))
    return v.status, v.reason


def public_network(*ingress: PortRule, acl_entries: tuple = ()) -> list[Resource]:
    return [group("sg-1", *ingress), subnet(), table("rtb-pub", igw_route(), subnets=("subnet-pub",)),
            table("rtb-main", main=True), acl(*(acl_entries or (entry(100, "allow"),)))]


def test_imdsv1() -> None:
    rule = instances.instance_imdsv1_allowed
    status, reason = verdict(rule, instance(metadata=MetadataOptions(http_tokens="optional")))
    assert status is Status.FAIL and "http_tokens=optional" in reason and "instance-profile/web" in reason
    assert verdict(rule, instance())[0] is Status.PASS
    disabled = MetadataOptions(http_tokens="optional", http_endpoint="disabled")
    assert verdict(rule, instance(metadata=disabled))[0] is Status.PASS


def test_hop_limit() -> None:
    rule = instances.instance_imds_hop_limit
    status, reason = verdict(rule, instance(metadata=MetadataOptions(http_tokens="required", hop_limit=3)))
    assert status is Status.FAIL and "hop limit 3" in reason
    assert verdict(rule, instance())[0] is Status.PASS


def test_container_hosts_managed_by_aws_are_not_failed_for_hop_limit() -> None:
    node = instance(metadata=MetadataOptions(http_tokens="required", hop_limit=2),
                    tags={"eks:cluster-name": "shop", "kubernetes.io/cluster/shop": "owned"})
    assert verdict(instances.instance_imds_hop_limit, node)[0] is Status.NOT_APPLICABLE


def test_public_instance_with_ssh_open_fails() -> None:
    box = instance()
    inv = inventory(box, *public_network(world(22)))
    status, reason = verdict(instances.instance_public_admin_ports, box, inv)
    assert status is Status.FAIL and "tcp/22 reachable" in reason and "54.0.0.1" in reason and "igw-1" in reason


def test_instance_without_public_path_passes() -> None:
    rule = instances.instance_public_admin_ports
    private = instance(public_ips=())
    assert verdict(rule, private, inventory(private, *public_network(world(22))))[0] is Status.PASS
    no_route = instance(subnet_id="subnet-priv")
    status, reason = verdict(rule, no_route, inventory(no_route, *public_network(world(22))))
    assert status is Status.PASS and "no default route" in reason
    web_only = instance()
    assert verdict(rule, web_only, inventory(web_only, *public_network(world(443))))[0] is Status.PASS
    denied = instance()
    acl_deny = (entry(10, "deny", protocol="tcp", ports=(22, 22)), entry(100, "allow"))
    inv = inventory(denied, *public_network(world(22), acl_entries=acl_deny))
    status, reason = verdict(rule, denied, inv)
    assert status is Status.PASS and "denies" in reason
    stopped = instance(state="stopped")
    assert verdict(rule, stopped, inventory(stopped, *public_network(world(22))))[0] is Status.NOT_APPLICABLE


def test_exposure_functions_for_other_ports() -> None:
    box = instance()
    inv = inventory(box, *public_network(world(80), world(443)))
    assert internet_reachable(inv, box, 443) and not internet_reachable(inv, box, 22)
    exposure = instance_exposure(inv, box, 80)
    assert exposure.open_groups == ("sg-1",) and exposure.route is not None


def test_user_data_secrets() -> None:
    rule = instances.instance_user_data_secrets
    hint = SecretFound(kind="AWS access key id", where="user data", hint="AKIAACME…")
    status, reason = verdict(rule, instance(has_user_data=True, user_data_secrets=(hint,)))
    assert status is Status.FAIL and "AKIAACME…" in reason
    assert verdict(rule, instance(has_user_data=True))[0] is Status.PASS
    assert verdict(rule, instance())[0] is Status.PASS
    unread = instance(unknown={"user_data_secrets": "AccessDenied"})
    assert verdict(rule, unread)[0] is Status.ERROR


def test_instance_profile() -> None:
    rule = instances.instance_no_instance_profile
    assert verdict(rule, instance(instance_profile_arn=None))[0] is Status.FAIL
    assert verdict(rule, instance())[0] is Status.PASS


def test_stopped_long() -> None:
    rule = instances.instance_stopped_long
    now = datetime(2025, 6, 1, tzinfo=UTC)
    inv_time = now

    def run(box: Resource) -> Status:
        inv = inventory(box)
        inv.started_at = inv_time
        return judge(rule, box, inv).status

    assert run(instance(state="stopped", stopped_since=now - timedelta(days=90))) is Status.FAIL
    assert run(instance(state="stopped", stopped_since=now - timedelta(days=3))) is Status.PASS
    assert run(instance(state="running")) is Status.NOT_APPLICABLE
    assert run(instance(state="stopped")) is Status.ERROR  # never PASS without the stop time


def volume(encrypted: bool) -> Volume:
    return Volume(arn=arn("volume", "vol-1"), id="vol-1", name="data", account=ACCOUNT, region=REGION,
                  encrypted=encrypted, size_gib=20)


def snapshot(**fields: object) -> Snapshot:
    return Snapshot(arn=f"arn:aws:ec2:{REGION}::snapshot/snap-1", id="snap-1", account=ACCOUNT, region=REGION,
                    owner_id=ACCOUNT, volume_id="vol-1", **fields)  # type: ignore[arg-type]


def test_ebs_volume_encryption() -> None:
    status, reason = verdict(ebs.ebs_volume_unencrypted, volume(False))
    assert status is Status.FAIL and "vol-1" in reason
    assert verdict(ebs.ebs_volume_unencrypted, volume(True))[0] is Status.PASS


def test_ebs_encryption_by_default() -> None:
    def defaults(**fields: object) -> EbsEncryptionDefaults:
        return EbsEncryptionDefaults(arn=arn("ebs-encryption-by-default", REGION), id=REGION, account=ACCOUNT,
                                     region=REGION, **fields)  # type: ignore[arg-type]

    status, reason = verdict(ebs.ebs_encryption_by_default_off, defaults(enabled=False))
    assert status is Status.FAIL and REGION in reason
    assert verdict(ebs.ebs_encryption_by_default_off, defaults(enabled=True))[0] is Status.PASS
    assert verdict(ebs.ebs_encryption_by_default_off, defaults(unknown={"enabled": "x"}))[0] is Status.ERROR


def test_snapshot_rules() -> None:
    assert verdict(ebs.snapshot_public, snapshot(public=True))[0] is Status.FAIL
    assert verdict(ebs.snapshot_public, snapshot())[0] is Status.PASS
    assert verdict(ebs.snapshot_public, snapshot(unknown={"public": "AccessDenied"}))[0] is Status.ERROR
    status, reason = verdict(ebs.snapshot_shared_with_accounts, snapshot(shared_with_accounts=("999988887777",)))
    assert status is Status.FAIL and "999988887777" in reason
    assert verdict(ebs.snapshot_shared_with_accounts, snapshot())[0] is Status.PASS
    assert verdict(ebs.snapshot_unencrypted, snapshot(encrypted=False))[0] is Status.FAIL
    assert verdict(ebs.snapshot_unencrypted, snapshot(encrypted=True))[0] is Status.PASS


def image(**fields: object) -> Image:
    return Image(arn=f"arn:aws:ec2:{REGION}::image/ami-1", id="ami-1", name="golden", account=ACCOUNT,
                 region=REGION, owner_id=ACCOUNT, **fields)  # type: ignore[arg-type]


def test_image_rules() -> None:
    status, reason = verdict(images.ami_public, image(public=True))
    assert status is Status.FAIL and "golden" in reason
    assert verdict(images.ami_public, image())[0] is Status.PASS
    org = "arn:aws:organizations::123456789012:organization/o-abc"
    assert verdict(images.ami_shared_with_accounts, image(shared_with_organizations=(org,)))[0] is Status.FAIL
    assert verdict(images.ami_shared_with_accounts, image(shared_with_accounts=("111122223333",)))[0] \
        is Status.FAIL
    assert verdict(images.ami_shared_with_accounts, image())[0] is Status.PASS
    unread = image(unknown={"shared_with_accounts": "AccessDenied", "shared_with_organizations": "AccessDenied"})
    assert verdict(images.ami_shared_with_accounts, unread)[0] is Status.ERROR
