"""Synthetic but realistic CloudTrail events and flow-log lines, for the benchmark, tests and demos.

Events are built from a fixed population of principals with stable habits (services, regions, networks,
user agents), so baselines learned on them are meaningful and injected attacks stand out.
"""

from __future__ import annotations

import gzip
import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ACCOUNT = "111122223333"

_READ_CALLS: tuple[tuple[str, str], ...] = (
    ("ec2.amazonaws.com", "DescribeInstances"),
    ("ec2.amazonaws.com", "DescribeSecurityGroups"),
    ("ec2.amazonaws.com", "DescribeVolumes"),
    ("s3.amazonaws.com", "GetObject"),
    ("s3.amazonaws.com", "HeadObject"),
    ("s3.amazonaws.com", "ListObjects"),
    ("sts.amazonaws.com", "AssumeRole"),
    ("sts.amazonaws.com", "GetCallerIdentity"),
    ("kms.amazonaws.com", "Decrypt"),
    ("kms.amazonaws.com", "GenerateDataKey"),
    ("dynamodb.amazonaws.com", "DescribeTable"),
    ("lambda.amazonaws.com", "GetFunction"),
    ("logs.amazonaws.com", "DescribeLogStreams"),
    ("monitoring.amazonaws.com", "GetMetricData"),
    ("ssm.amazonaws.com", "GetParameter"),
    ("secretsmanager.amazonaws.com", "GetSecretValue"),
    ("iam.amazonaws.com", "GetRole"),
    ("cloudformation.amazonaws.com", "DescribeStacks"),
)
_WRITE_CALLS: tuple[tuple[str, str], ...] = (
    ("s3.amazonaws.com", "PutObject"),
    ("logs.amazonaws.com", "PutLogEvents"),
    ("ec2.amazonaws.com", "CreateTags"),
    ("lambda.amazonaws.com", "UpdateFunctionCode"),
    ("dynamodb.amazonaws.com", "UpdateTable"),
    ("ec2.amazonaws.com", "RunInstances"),
    ("ec2.amazonaws.com", "CreateSnapshot"),
)
_AGENTS = (
    "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.9",
    "Boto3/1.35.10 md/Botocore#1.35.10 ua/2.0 os/linux#5.10.223 md/arch#x86_64 lang/python#3.12.4",
    "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.171.0",
    "APN/1.0 HashiCorp/1.0 Terraform/1.9.3 (+https://www.terraform.io) terraform-provider-aws/5.60.0",
    "aws-internal/3 aws-sdk-java/1.12.748 Linux/5.10.220 OpenJDK_64-Bit_Server_VM/25.412-b09",
)


@dataclass(frozen=True)
class Principal:
    kind: str  # IAMUser, AssumedRole, instance
    name: str
    regions: tuple[str, ...]
    networks: tuple[str, ...]  # first three octets
    agents: tuple[str, ...]
    calls: tuple[tuple[str, str], ...]
    access_key: str

    def address(self, rnd: random.Random) -> str:
        """Instances leave through one egress address, an Elastic IP in AWS's EC2 ranges (3.5.140.0/22);
        people and CI move around their networks."""
        if self.kind == "instance":
            key = int(self.access_key[-4:], 16)
            return f"3.5.{140 + key % 4}.{key // 4 % 250 + 1}"
        return f"{rnd.choice(self.networks)}.{rnd.randrange(1, 255)}"

    def identity(self, rnd: random.Random) -> dict[str, Any]:
        if self.kind == "IAMUser":
            return {
                "type": "IAMUser",
                "principalId": "AIDA" + self.access_key[4:],
                "arn": f"arn:aws:iam::{ACCOUNT}:user/{self.name}",
                "accountId": ACCOUNT,
                "accessKeyId": self.access_key,
                "userName": self.name,
            }
        session = f"i-0{self.access_key[-16:].lower()}" if self.kind == "instance" else "session-1"
        return {
            "type": "AssumedRole",
            "principalId": f"AROA{self.access_key[4:]}:{session}",
            "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{self.name}/{session}",
            "accountId": ACCOUNT,
            "accessKeyId": "ASIA" + self.access_key[4:],
            "sessionContext": {
                "sessionIssuer": {
                    "type": "Role",
                    "principalId": "AROA" + self.access_key[4:],
                    "arn": f"arn:aws:iam::{ACCOUNT}:role/{self.name}",
                    "accountId": ACCOUNT,
                    "userName": self.name,
                },
                "attributes": {"creationDate": "2026-11-01T00:00:00Z", "mfaAuthenticated": "false"},
            },
        }


def population(n: int = 60, seed: int = 7) -> list[Principal]:
    """A stable set of principals, each with a narrow habit."""
    rnd = random.Random(seed)
    people: list[Principal] = []
    regions = ("us-east-1", "us-west-2", "eu-west-1")
    for i in range(n):
        kind = ("IAMUser", "AssumedRole", "instance")[i % 3]
        calls = tuple(rnd.sample(_READ_CALLS, 6)) + tuple(rnd.sample(_WRITE_CALLS, 2))
        key = "AKIA" + uuid.UUID(int=rnd.getrandbits(128)).hex[:16].upper()
        people.append(
            Principal(
                kind=kind,
                name=f"{'user' if kind == 'IAMUser' else 'role'}-{i:03d}",
                regions=tuple(rnd.sample(regions, 1 + (i % 2))),
                networks=(f"10.{i % 200}.{rnd.randrange(250)}", f"198.51.{i % 100}"),
                agents=tuple(rnd.sample(_AGENTS, 2)),
                calls=calls,
                access_key=key,
            )
        )
    return people


def event(
    p: Principal,
    when: datetime,
    rnd: random.Random,
    *,
    call: tuple[str, str] | None = None,
    region: str | None = None,
    ip: str | None = None,
    agent: str | None = None,
    request: dict[str, Any] | None = None,
    response: dict[str, Any] | None = None,
    error: str | None = None,
) -> dict[str, Any]:
    """One CloudTrail record for ``p``; keyword arguments override its habits."""
    source, name = call or rnd.choice(p.calls)
    rec: dict[str, Any] = {
        "eventVersion": "1.09",
        "userIdentity": p.identity(rnd),
        "eventTime": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "eventSource": source,
        "eventName": name,
        "awsRegion": region or rnd.choice(p.regions),
        "sourceIPAddress": ip or p.address(rnd),
        "userAgent": agent or rnd.choice(p.agents),
        "requestParameters": request
        if request is not None
        else {"bucketName": f"data-{rnd.randrange(20)}", "key": f"obj/{rnd.randrange(10**6)}"}
        if source == "s3.amazonaws.com"
        else {"maxResults": 100, "filterSet": {"items": [{"name": "tag:env", "value": "prod"}]}},
        "responseElements": response,
        "requestID": str(uuid.UUID(int=rnd.getrandbits(128))),
        "eventID": str(uuid.UUID(int=rnd.getrandbits(128))),
        "readOnly": name.startswith(("Describe", "Get", "List", "Head")),
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": ACCOUNT,
        "eventCategory": "Management",
        "tlsDetails": {
            "tlsVersion": "TLSv1.3",
            "cipherSuite": "TLS_AES_128_GCM_SHA256",
            "clientProvidedHostHeader": f"{source.split('.')[0]}.amazonaws.com",
        },
    }
    if error:
        rec["errorCode"] = error
        rec["errorMessage"] = f"User is not authorized to perform: {name}"
    return rec


def stream(n: int, start: datetime, span: timedelta, seed: int = 1,
           people: list[Principal] | None = None) -> Iterator[dict[str, Any]]:
    """``n`` ordinary events spread evenly over ``span`` from ``start``."""
    rnd = random.Random(seed)
    people = people or population()
    step = span / max(n, 1)
    for i in range(n):
        yield event(rnd.choice(people), start + step * i, rnd)


def write_trail(root: Path, records: list[dict[str, Any]], per_file: int = 1000,
                account: str = ACCOUNT) -> list[Path]:
    """Write records as CloudTrail delivers them: gzipped ``{"Records": [...]}`` files in the AWSLogs layout."""
    paths: list[Path] = []
    for start in range(0, len(records), per_file):
        chunk = records[start : start + per_file]
        first = chunk[0]
        when = datetime.strptime(first["eventTime"], "%Y-%m-%dT%H:%M:%SZ")
        region = first.get("awsRegion", "us-east-1")
        folder = root / "AWSLogs" / account / "CloudTrail" / region / when.strftime("%Y/%m/%d")
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{account}_CloudTrail_{region}_{when.strftime('%Y%m%dT%H%MZ')}_{start:08d}.json.gz"
        path = folder / name
        with gzip.open(path, "wt", compresslevel=1) as fh:
            json.dump({"Records": chunk}, fh, separators=(",", ":"))
        paths.append(path)
    return paths


FLOW_HEADER = (
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end "
    "action log-status"
)


def flow_line(src: str, dst: str, sport: int, dport: int, when: datetime, *, nbytes: int = 840,
              action: str = "ACCEPT", eni: str = "eni-0a1b2c3d4e5f60718", proto: int = 6, packets: int = 10) -> str:
    t = int(when.replace(tzinfo=UTC).timestamp()) if when.tzinfo is None else int(when.timestamp())
    return f"2 {ACCOUNT} {eni} {src} {dst} {sport} {dport} {proto} {packets} {nbytes} {t} {t + 60} {action} OK"
