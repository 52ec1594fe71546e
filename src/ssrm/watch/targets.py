"""Which resource a configuration-changing CloudTrail event names, so ``ssrm watch --trail`` re-reads just it.

``targets_of(record)`` gives the resources to re-read, or None when the event names none ssrm can read one
by one: then the event's service is re-collected in its region, as before. Data events on objects change no
configuration and give an empty tuple (nothing to re-read).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ssrm.model.resources.compute.ec2 import Instance
from ssrm.model.resources.compute.network import SecurityGroup
from ssrm.model.resources.data.s3 import S3Bucket
from ssrm.model.resources.identity.iam import IamManagedPolicy, IamRole, IamUser
from ssrm.sources.aws.single import Target

# IAM events that change a user's credentials: those live in the account-wide credential report, so the
# service is re-collected (the report regenerated) rather than the user alone.
CREDENTIAL_EVENTS = frozenset({
    "CreateAccessKey", "DeleteAccessKey", "UpdateAccessKey", "CreateLoginProfile", "DeleteLoginProfile",
    "UpdateLoginProfile", "EnableMFADevice", "DeactivateMFADevice", "ResyncMFADevice", "ChangePassword",
})
# Events on S3 objects (data events): no bucket configuration changes.
OBJECT_WORDS = ("Object", "MultipartUpload", "UploadPart")


def _items(params: Any, key: str) -> Iterator[str]:
    """Ids under ``key`` (a scalar) or ``instancesSet``-style ``{"items": [{key: ...}]}`` sets."""
    if not isinstance(params, Mapping):
        return
    value = params.get(key)
    if isinstance(value, str) and value:
        yield value
    for set_name in ("instancesSet", "groupSet"):
        found = params.get(set_name)
        for item in (found.get("items") if isinstance(found, Mapping) else None) or []:
            if isinstance(item, Mapping) and isinstance(item.get(key), str) and item[key]:
                yield item[key]


def _ids(record: Mapping[str, Any], key: str) -> list[str]:
    """``key`` in the request, and in the response (ids AWS assigned: RunInstances, CreateSecurityGroup)."""
    found = [*_items(record.get("requestParameters"), key), *_items(record.get("responseElements"), key)]
    return list(dict.fromkeys(found))


def targets_of(record: Mapping[str, Any]) -> tuple[Target, ...] | None:
    source = str(record.get("eventSource") or "").removesuffix(".amazonaws.com")
    name = str(record.get("eventName") or "")
    region = str(record.get("awsRegion") or "us-east-1")
    params = record.get("requestParameters")
    params = params if isinstance(params, Mapping) else {}
    if source == "s3":
        if any(word in name for word in OBJECT_WORDS):
            return ()
        bucket = params.get("bucketName")
        return (Target(S3Bucket.resource_type, "global", str(bucket)),) if bucket else None
    if source == "ec2":
        return _ec2_targets(record, name, region)
    if source == "iam":
        return _iam_targets(record, name)
    return None


def _ec2_targets(record: Mapping[str, Any], name: str, region: str) -> tuple[Target, ...] | None:
    if "SecurityGroup" in name:
        groups = _ids(record, "groupId")
        return tuple(Target(SecurityGroup.resource_type, region, g) for g in groups) or None
    if ("Instance" in name and "InstanceProfile" not in name) or name == "AssociateIamInstanceProfile":
        instances = _ids(record, "instanceId")
        return tuple(Target(Instance.resource_type, region, i) for i in instances) or None
    return None


def _iam_targets(record: Mapping[str, Any], name: str) -> tuple[Target, ...] | None:
    """Role, user and managed-policy events; a group named (AddUserToGroup, PutGroupPolicy) or a credential
    change needs the service."""
    params = record.get("requestParameters")
    params = params if isinstance(params, Mapping) else {}
    if name in CREDENTIAL_EVENTS or params.get("groupName") or params.get("instanceProfileName"):
        return None
    found: list[Target] = []
    if params.get("roleName"):
        found.append(Target(IamRole.resource_type, "global", str(params["roleName"])))
    if params.get("userName"):
        found.append(Target(IamUser.resource_type, "global", str(params["userName"])))
    policy_arn = params.get("policyArn") or _created_policy_arn(record)
    if policy_arn:
        found.append(Target(IamManagedPolicy.resource_type, "global", str(policy_arn)))
    return tuple(found) or None


def _created_policy_arn(record: Mapping[str, Any]) -> str | None:
    response = record.get("responseElements")
    policy = response.get("policy") if isinstance(response, Mapping) else None
    arn = policy.get("arn") if isinstance(policy, Mapping) else None
    return str(arn) if arn else None
