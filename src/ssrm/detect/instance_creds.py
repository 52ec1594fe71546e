"""Instance credential exfiltration: an instance role's session used from somewhere the instance is not.

The Capital One pattern: credentials taken from the instance metadata service and used from the attacker's
machine. CloudTrail names such a session after the instance (``assumed-role/<role>/i-0abc...``); GuardDuty's
InstanceCredentialExfiltration findings look for the same. A session counts as an instance's when its name is
an instance id, or when the inventory says only EC2 may assume its role. It is exfiltration when it calls AWS

- from an address outside AWS (AWS's published ranges tell), or
- from an AWS address that is not the account's own (instance, NAT gateway, Elastic IP; needs the inventory), or
- through a VPC endpoint of another account (``vpcEndpointAccountId``; or an endpoint the inventory lacks).

Calls made by AWS services on the session's behalf (``sourceIPAddress`` a service name) and calls from private
addresses through the account's own endpoints are the instance's own. Per batch only a small aggregate (one row
per session, address and endpoint) is kept; addresses are classified once, at the end, in Python.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from ssrm.detect.awsranges import AwsRanges
from ssrm.detect.context import NetworkContext
from ssrm.model import Severity, Stage
from ssrm.model.alert import Alert, Evidence

#: ``ct`` columns this detector reads (added to what the loader fills).
COLUMNS = frozenset({"ui_type", "ui_arn", "si_arn", "source_ip", "vpc_endpoint_id", "vpc_endpoint_account_id",
                     "error_code"})
INSTANCE_ID = r"i-[0-9a-f]{8,17}"
#: ``sourceIPAddress`` is an address, not the name of a service calling on the session's behalf
IS_ADDRESS = "NOT regexp_matches(source_ip, '[g-zG-Z]')"
ATTACK = ("T1552.005", "T1078.004")

#: addresses a call from inside a VPC can carry (RFC 1918, shared CGNAT space, loopback, link-local, ULA)
INSIDE_VPC = tuple(ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
    "fc00::/7", "fe80::/10", "::1/128"))

OUTSIDE = "ssrm_instance_credentials_outside_aws"
OTHER_AWS = "ssrm_instance_credentials_other_aws_address"
FOREIGN_ENDPOINT = "ssrm_instance_credentials_foreign_vpc_endpoint"
NOT_OWN = "ssrm_instance_credentials_not_instance_address"

TITLES = {
    OUTSIDE: "Instance credentials used from outside AWS",
    OTHER_AWS: "Instance credentials used from an AWS address that is not the account's",
    FOREIGN_ENDPOINT: "Instance credentials used through another account's VPC endpoint",
    NOT_OWN: "Instance credentials used from an address that is not the instance's",
}
SEVERITY = {OUTSIDE: Severity.HIGH, OTHER_AWS: Severity.HIGH, FOREIGN_ENDPOINT: Severity.HIGH,
            NOT_OWN: Severity.MEDIUM}


@dataclass
class InstanceCredentialConfig:
    ranges: AwsRanges | None = None
    context: NetworkContext | None = None
    notes: list[str] = field(default_factory=list)  # what could not be judged, said once per run
    #: called once, the first time an address needs AWS's ranges and ``ranges`` is None (the bundled copy)
    ranges_loader: Callable[[], AwsRanges | None] | None = None

    def aws_ranges(self) -> AwsRanges | None:
        if self.ranges is None and self.ranges_loader is not None:
            self.ranges, self.ranges_loader = self.ranges_loader(), None
        return self.ranges


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ic_seen (session VARCHAR, instance_id VARCHAR, principal VARCHAR, "
        "account VARCHAR, region VARCHAR, ip VARCHAR, vpce VARCHAR, vpce_account VARCHAR, t0 TIMESTAMPTZ, "
        "t1 TIMESTAMPTZ, n BIGINT, failed BIGINT, eid VARCHAR, summary VARCHAR)"
    )
    # addresses IAM users and root called AWS from (any batch): a session using one is not the instance
    con.execute("CREATE OR REPLACE TEMP TABLE ic_people (ip VARCHAR, other VARCHAR)")
    con.execute("CREATE OR REPLACE TEMP TABLE ic_roles (arn VARCHAR)")


def set_instance_roles(con: duckdb.DuckDBPyConnection, roles: set[str]) -> None:
    con.execute("DELETE FROM ic_roles")
    if roles:
        con.executemany("INSERT INTO ic_roles VALUES (?)", [[r] for r in sorted(roles)])


def observe(con: duckdb.DuckDBPyConnection) -> None:
    """Aggregate this batch's instance-session calls by session, address and endpoint (few rows)."""
    from ssrm.detect.matching import SUMMARY_SQL

    con.execute(
        f"""INSERT INTO ic_seen
        WITH c AS (
          SELECT event_id, event_time, principal, account, aws_region, ui_arn, source_ip, vpc_endpoint_id,
                 vpc_endpoint_account_id, error_code,
                 nullif(lower(regexp_extract(ui_arn, '/({INSTANCE_ID})$', 1, 'i')), '') AS instance_id
          FROM ct
          WHERE ui_type = 'AssumedRole' AND source_ip IS NOT NULL
            AND ((contains(ui_arn, '/i-') AND regexp_matches(ui_arn, '/{INSTANCE_ID}$', 'i'))
                 OR si_arn IN (SELECT arn FROM ic_roles))
            AND {IS_ADDRESS}
        ),
        g AS (
          SELECT ui_arn AS session, any_value(instance_id) AS instance_id, any_value(principal) AS principal,
                 any_value(account) AS account, any_value(aws_region) AS region, source_ip AS ip,
                 vpc_endpoint_id AS vpce, any_value(vpc_endpoint_account_id) AS vpce_account,
                 min(event_time) AS t0, max(event_time) AS t1, count(*) AS n,
                 count(error_code) AS failed, arg_min(event_id, event_time) AS eid
          FROM c GROUP BY ui_arn, source_ip, vpc_endpoint_id),
        opening AS (  -- the summary of each group's first event, computed for those events only
          SELECT event_id AS eid, any_value({SUMMARY_SQL}) AS summary FROM ct
          WHERE event_id IN (SELECT eid FROM g) GROUP BY event_id)
        SELECT g.*, opening.summary FROM g LEFT JOIN opening USING (eid)"""
    )
    con.execute(
        f"""INSERT INTO ic_people SELECT source_ip, min(ui_arn) FROM ct
        WHERE ui_type IN ('IAMUser', 'Root') AND source_ip IS NOT NULL AND {IS_ADDRESS}
          AND source_ip NOT IN (SELECT ip FROM ic_people)
        GROUP BY source_ip"""
    )


def _verdict(ip: str, vpce: str | None, vpce_account: str | None, account: str, instance: str | None,
             other: str | None, cfg: InstanceCredentialConfig) -> tuple[str, str] | None:
    """(rule id, why) for an exfiltration, None when the call is the instance's own or cannot be judged."""
    ctx = cfg.context
    if vpce:
        if vpce_account and account and vpce_account != account:
            return FOREIGN_ENDPOINT, f"through VPC endpoint {vpce} of account {vpce_account}"
        if ctx is not None and ctx.vpc_endpoints and vpce not in ctx.vpc_endpoints:
            return FOREIGN_ENDPOINT, f"through VPC endpoint {vpce}, which is not in the account's inventory"
        return None
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return None
    if any(addr in net for net in INSIDE_VPC if net.version == addr.version):
        return None  # private, shared, link-local: inside a VPC
    own = ctx.instance_ips.get(instance or "", set()) if ctx else set()
    if ip in own or (ctx is not None and ip in ctx.account_ips):
        return None
    knows_instance = ctx is not None and (instance in ctx.instance_ips or bool(ctx.account_ips))
    ranges = cfg.aws_ranges()  # read here, the first time a public address needs judging
    if ranges is not None:
        if not ranges.contains(ip):
            return OUTSIDE, f"from {ip}, an address outside AWS ({ranges.summary})"
        if knows_instance:
            return OTHER_AWS, f"from {ip}, an AWS address that is neither the instance's nor the account's"
        if other:
            return NOT_OWN, f"from {ip}, an AWS address {other} also called AWS from: not the instance's own use"
        return None
    if knows_instance:
        return NOT_OWN, f"from {ip}, which is neither the instance's nor the account's address"
    if other:
        return NOT_OWN, f"from {ip}, an address {other} also called AWS from: a person's machine, not the instance"
    note = ("instance-role sessions called AWS from public addresses that could not be judged: no AWS IP ranges "
            "(see `ssrm detect --update-aws-ranges`) and no inventory (`--inventory`)")
    if note not in cfg.notes:
        cfg.notes.append(note)
    return None


def alerts(con: duckdb.DuckDBPyConnection, cfg: InstanceCredentialConfig) -> list[Alert]:
    rows = con.execute(
        """SELECT session, any_value(instance_id), any_value(principal), any_value(account), any_value(region), ip,
                  vpce, any_value(vpce_account), min(t0), max(t1), sum(n), sum(failed), arg_min(eid, t0),
                  arg_min(summary, t0), (SELECT min(p.other) FROM ic_people p WHERE p.ip = s.ip)
           FROM ic_seen s GROUP BY session, ip, vpce ORDER BY session, ip"""
    ).fetchall()
    out: list[Alert] = []
    for session, instance, principal, account, region, ip, vpce, vpce_account, t0, t1, n, failed, eid, summ, other \
            in rows:
        verdict = _verdict(str(ip), vpce, vpce_account, account or "", instance, other, cfg)
        if verdict is None:
            continue
        rule_id, why = verdict
        severity = SEVERITY[rule_id]
        who = f"instance {instance}" if instance else "an instance-only role"
        failed_note = f" ({failed} of them failed)" if failed else ""
        text = (f"Credentials of {who} (session {session}) made {n} call(s){failed_note} {why}, between "
                f"{t0:%Y-%m-%dT%H:%M:%SZ} and {t1:%Y-%m-%dT%H:%M:%SZ}: the instance's role credentials are in "
                "someone else's hands.")
        if cfg.context is not None and instance in cfg.context.imdsv1:
            text += " This instance also allows IMDSv1: one SSRF away from its role's credentials."
            severity = Severity.CRITICAL
        out.append(
            Alert(
                rule_id=rule_id, title=TITLES[rule_id], severity=severity, stage=Stage.INITIAL_ACCESS, kind="rule",
                attack=ATTACK, principal=principal or session, resource=instance or "", account=account or "",
                region=region or "", first_seen=t0, last_seen=t1, count=int(n),
                score=90.0 if severity is Severity.CRITICAL else 80.0 if severity is Severity.HIGH else 60.0,
                explanation=text, evidence=(Evidence(event_id=str(eid), summary=str(summ or "")),),
            )
        )
    return out
