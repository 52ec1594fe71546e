"""VPC flow logs: read (default v2 or any custom format with a header line) and detect network threats.

Detectors, all set-wise SQL per batch: port scans and host scans (many ports on one host / one port on many
hosts from one source within five minutes), accepted traffic from the internet on admin ports, large
transfers to destinations never seen before, traffic to or from a user-supplied list of bad addresses, and
network floods: a packet volume from the internet at one destination within five minutes (direct flood), or
UDP answers of amplifying services (DNS, NTP, memcached, ...) from many reflectors at one destination.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ssrm.model import Severity, Stage
from ssrm.model.alert import Alert, Evidence

DEFAULT_V2 = [
    "version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets",
    "bytes", "start", "end", "action", "log-status",
]
KNOWN = set(DEFAULT_V2) | {
    "vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr", "region",
    "az-id", "sublocation-type", "sublocation-id", "pkt-src-aws-service", "pkt-dst-aws-service",
    "flow-direction", "traffic-path", "ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn",
    "ecs-container-instance-id", "ecs-container-id", "ecs-second-container-id", "ecs-service-name",
    "ecs-task-definition-arn", "ecs-task-arn", "ecs-task-id", "reject-reason",
}
ADMIN_PORTS = {22: "SSH", 3389: "RDP", 23: "Telnet", 5985: "WinRM", 5986: "WinRM", 3306: "MySQL",
               5432: "PostgreSQL", 1433: "SQL Server", 6379: "Redis", 9200: "Elasticsearch", 27017: "MongoDB",
               2375: "Docker API", 445: "SMB", 5900: "VNC"}
#: UDP services whose answers are much larger than the questions: the reflectors of amplification attacks
AMPLIFIER_PORTS = {19: "chargen", 53: "DNS", 123: "NTP", 161: "SNMP", 389: "CLDAP", 1900: "SSDP",
                   3702: "WS-Discovery", 11211: "memcached"}

PRIVATE_SQL = (
    "(starts_with({c}, '10.') OR starts_with({c}, '192.168.')"
    " OR regexp_matches({c}, '^172\\.(1[6-9]|2[0-9]|3[01])\\.')"
    " OR starts_with({c}, '100.64.') OR starts_with({c}, '127.') OR starts_with({c}, '169.254.')"
    " OR starts_with(lower({c}), 'fd') OR starts_with(lower({c}), 'fe80'))"
)
IPV4_INT = (
    "(TRY_CAST(split_part({c}, '.', 1) AS UBIGINT) * 16777216 + TRY_CAST(split_part({c}, '.', 2) AS UBIGINT) * 65536"
    " + TRY_CAST(split_part({c}, '.', 3) AS UBIGINT) * 256 + TRY_CAST(split_part({c}, '.', 4) AS UBIGINT))"
)


class FlowError(ValueError):
    pass


@dataclass(frozen=True)
class FlowConfig:
    scan_ports: int = 20
    scan_hosts: int = 20
    transfer_bytes: int = 1 << 30
    bad_networks: tuple[str, ...] = ()
    #: packets from internet addresses at one destination within 5 minutes (3 M: 10,000 packets/s sustained)
    flood_packets: int = 3_000_000
    #: amplifier answers at one destination within 5 minutes: this many reflectors and this many bytes
    reflection_sources: int = 20
    reflection_bytes: int = 100 << 20


def load_bad_addresses(path: Path) -> tuple[str, ...]:
    """One address or CIDR per line; ``#`` starts a comment."""
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise FlowError(f"cannot read bad-address list {path}: {exc}") from exc
    for n, line in enumerate(lines, 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        try:
            out.append(str(ipaddress.ip_network(text, strict=False)))
        except ValueError as exc:
            raise FlowError(f"{path}:{n}: not an address or network: {text!r}") from exc
    return tuple(out)


def create_tables(con: duckdb.DuckDBPyConnection, cfg: FlowConfig) -> None:
    con.execute(
        "CREATE TABLE IF NOT EXISTS bl_flow_dst (dst VARCHAR PRIMARY KEY, first_seen TIMESTAMPTZ, "
        "last_seen TIMESTAMPTZ)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE flow_hits (rule_id VARCHAR, src VARCHAR, dst VARCHAR, port INTEGER, "
        "account VARCHAR, resource VARCHAR, t0 TIMESTAMPTZ, t1 TIMESTAMPTZ, n BIGINT, distinct_n BIGINT, "
        "bytes BIGINT, rejected BIGINT, sample VARCHAR[])"
    )
    con.execute("CREATE OR REPLACE TEMP TABLE bad_nets (net VARCHAR, lo UBIGINT, hi UBIGINT, exact VARCHAR)")
    for net in cfg.bad_networks:
        ip = ipaddress.ip_network(net)
        if ip.version == 4:
            con.execute("INSERT INTO bad_nets VALUES (?, ?, ?, NULL)",
                        [net, int(ip.network_address), int(ip.broadcast_address)])
        else:
            con.execute("INSERT INTO bad_nets VALUES (?, NULL, NULL, ?)", [net, str(ip.network_address)])


def _header(path: Path) -> list[str] | None:
    with path.open("rb") as fh:
        first = fh.readline().decode("utf-8", "replace").split()
    if first and all(w in KNOWN for w in first):
        return first
    return None


def load(con: duckdb.DuckDBPyConnection, files: list[tuple[str, Path]]) -> tuple[int, list[tuple[str, str]]]:
    """Replace the ``flows`` table; returns (rows, [(uri, problem)])."""
    groups: dict[tuple[str, ...], list[tuple[str, Path]]] = {}
    headered: dict[tuple[str, ...], bool] = {}
    problems: list[tuple[str, str]] = []
    for uri, path in files:
        head = _header(path)
        names = tuple(head or DEFAULT_V2)
        if not {"srcaddr", "dstaddr"} <= set(names):
            problems.append((uri, "flow log format without srcaddr/dstaddr"))
            continue
        groups.setdefault(names + (("#h",) if head else ()), []).append((uri, path))
        headered[names + (("#h",) if head else ())] = head is not None
    con.execute(
        "CREATE OR REPLACE TEMP TABLE flows (account VARCHAR, interface_id VARCHAR, instance_id VARCHAR, "
        "src VARCHAR, dst VARCHAR, sport INTEGER, dport INTEGER, proto INTEGER, packets BIGINT, bytes BIGINT, "
        "t0 TIMESTAMPTZ, action VARCHAR)"
    )

    def col(names: tuple[str, ...], name: str, cast: str = "VARCHAR") -> str:
        return f'TRY_CAST("{name}" AS {cast})' if name in names else f"CAST(NULL AS {cast})"

    def insert(key: tuple[str, ...], chunk: list[tuple[str, Path]]) -> None:
        names = tuple(n for n in key if n != "#h")
        cols = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
        paths = [str(p) for _, p in chunk]
        src = (f"read_csv({paths!r}, delim=' ', header={'true' if headered[key] else 'false'}, columns={cols}, "
               "nullstr='-', auto_detect=false, strict_mode=false, null_padding=true, ignore_errors=true)")
        start = col(names, "start", "BIGINT")
        con.execute(
            f"""INSERT INTO flows SELECT {col(names, 'account-id')}, {col(names, 'interface-id')},
            {col(names, 'instance-id')}, {col(names, 'srcaddr')}, {col(names, 'dstaddr')},
            {col(names, 'srcport', 'INTEGER')}, {col(names, 'dstport', 'INTEGER')}, {col(names, 'protocol', 'INTEGER')},
            {col(names, 'packets', 'BIGINT')}, {col(names, 'bytes', 'BIGINT')}, to_timestamp({start}),
            {col(names, 'action')} FROM {src}"""
        )

    def insert_isolating(key: tuple[str, ...], chunk: list[tuple[str, Path]]) -> None:
        try:
            insert(key, chunk)
        except (duckdb.Error, UnicodeDecodeError) as exc:
            if len(chunk) == 1:
                problems.append((chunk[0][0], f"unreadable flow log: {str(exc).splitlines()[0]}"))
                return
            mid = len(chunk) // 2
            insert_isolating(key, chunk[:mid])
            insert_isolating(key, chunk[mid:])

    for key, chunk in groups.items():
        insert_isolating(key, chunk)
    # A line whose start time or addresses do not parse cannot be placed or attributed: counted, not judged.
    bad = con.execute("SELECT count(*) FROM flows WHERE t0 IS NULL OR dst IS NULL OR src IS NULL").fetchone()[0]  # type: ignore[index]
    if bad:
        con.execute("DELETE FROM flows WHERE t0 IS NULL OR dst IS NULL OR src IS NULL")
        problems.append(("flow logs", f"{bad} flow record(s) without a readable start time or address skipped"))
    rows = con.execute("SELECT count(*) FROM flows").fetchone()[0]  # type: ignore[index]
    return int(rows), problems


def detect_batch(con: duckdb.DuckDBPyConnection, cfg: FlowConfig) -> None:
    priv_src, priv_dst = PRIVATE_SQL.format(c="src"), PRIVATE_SQL.format(c="dst")
    sample = "list(strftime(t0, '%Y-%m-%dT%H:%M:%SZ') || ' ' || src || ':' || sport || ' -> ' || dst || ':' || dport || ' ' || action ORDER BY t0)[1:5]"  # noqa: E501
    con.execute(
        f"""INSERT INTO flow_hits SELECT 'ssrm_flow_port_scan', src, dst, NULL, any_value(account),
        coalesce(any_value(instance_id), any_value(interface_id)), min(t0), max(t0), count(*), count(DISTINCT dport),
        sum(bytes), count(*) FILTER (WHERE action = 'REJECT'), {sample}
        FROM flows WHERE t0 IS NOT NULL GROUP BY src, dst, time_bucket(INTERVAL 5 MINUTES, t0)
        HAVING count(DISTINCT dport) >= {cfg.scan_ports}"""
    )
    con.execute(
        f"""INSERT INTO flow_hits SELECT 'ssrm_flow_host_scan', src, NULL, dport, any_value(account), '',
        min(t0), max(t0), count(*), count(DISTINCT dst), sum(bytes), count(*) FILTER (WHERE action = 'REJECT'), {sample}
        FROM flows WHERE t0 IS NOT NULL GROUP BY src, dport, time_bucket(INTERVAL 5 MINUTES, t0)
        HAVING count(DISTINCT dst) >= {cfg.scan_hosts}"""
    )
    ports = ", ".join(str(p) for p in ADMIN_PORTS)
    con.execute(
        f"""INSERT INTO flow_hits SELECT 'ssrm_flow_admin_port_internet', NULL, dst, dport, any_value(account),
        coalesce(any_value(instance_id), any_value(interface_id)), min(t0), max(t0), count(*), count(DISTINCT src),
        sum(bytes), 0, {sample}
        FROM flows WHERE action = 'ACCEPT' AND dport IN ({ports}) AND NOT {priv_src} AND {priv_dst}
        GROUP BY dst, dport"""
    )
    con.execute(
        f"""INSERT INTO flow_hits SELECT 'ssrm_flow_large_transfer_new_destination', f.src, f.dst, NULL,
        any_value(f.account), coalesce(any_value(f.instance_id), any_value(f.interface_id)), min(f.t0), max(f.t0),
        count(*), 0, sum(f.bytes), 0, list(strftime(f.t0, '%Y-%m-%dT%H:%M:%SZ') || ' ' || f.src || ' -> ' || f.dst ||
        ' ' || f.bytes || ' bytes' ORDER BY f.t0)[1:5]
        FROM flows f LEFT JOIN bl_flow_dst b ON b.dst = f.dst
        WHERE f.action = 'ACCEPT' AND b.dst IS NULL AND {PRIVATE_SQL.format(c='f.src')}
          AND NOT {PRIVATE_SQL.format(c='f.dst')}
        GROUP BY f.src, f.dst HAVING sum(f.bytes) >= {cfg.transfer_bytes}"""
    )
    public_src = f"NOT {priv_src}"
    con.execute(
        f"""INSERT INTO flow_hits SELECT 'ssrm_flow_flood', NULL, dst, NULL, any_value(account),
        coalesce(any_value(instance_id), any_value(interface_id)), min(t0), max(t0), count(*), count(DISTINCT src),
        sum(bytes), count(*) FILTER (WHERE action = 'REJECT'), {sample}
        FROM flows WHERE t0 IS NOT NULL AND {public_src}
        GROUP BY dst, time_bucket(INTERVAL 5 MINUTES, t0) HAVING sum(packets) >= {int(cfg.flood_packets)}"""
    )
    amplifiers = ", ".join(str(p) for p in AMPLIFIER_PORTS)
    con.execute(
        f"""INSERT INTO flow_hits SELECT 'ssrm_flow_reflection', NULL, dst, NULL, any_value(account),
        coalesce(any_value(instance_id), any_value(interface_id)), min(t0), max(t0), count(*), count(DISTINCT src),
        sum(bytes), count(*) FILTER (WHERE action = 'REJECT'), {sample}
        FROM flows WHERE t0 IS NOT NULL AND proto = 17 AND sport IN ({amplifiers}) AND {public_src}
        GROUP BY dst, time_bucket(INTERVAL 5 MINUTES, t0)
        HAVING count(DISTINCT src) >= {int(cfg.reflection_sources)} AND sum(bytes) >= {int(cfg.reflection_bytes)}"""
    )
    if cfg.bad_networks:
        for side in ("src", "dst"):
            ip = IPV4_INT.format(c=f"f.{side}")
            con.execute(
                f"""INSERT INTO flow_hits SELECT 'ssrm_flow_bad_address', f.src, f.dst, NULL, any_value(f.account),
                coalesce(any_value(f.instance_id), any_value(f.interface_id)), min(f.t0), max(f.t0), count(*), 0,
                sum(f.bytes), count(*) FILTER (WHERE f.action = 'REJECT'), list(b.net || ' (' || '{side}' || ')')[1:1]
                FROM flows f JOIN bad_nets b ON (b.lo IS NOT NULL AND {ip} BETWEEN b.lo AND b.hi)
                  OR (b.exact IS NOT NULL AND f.{side} = b.exact)
                GROUP BY f.src, f.dst"""
            )
    con.execute(
        f"""INSERT INTO bl_flow_dst SELECT dst, min(t0), max(t0) FROM flows
        WHERE action = 'ACCEPT' AND NOT {priv_dst} AND t0 IS NOT NULL GROUP BY dst
        ON CONFLICT (dst) DO UPDATE SET last_seen = greatest(bl_flow_dst.last_seen, excluded.last_seen)"""
    )


_META: dict[str, tuple[str, Severity, Stage, tuple[str, ...]]] = {
    "ssrm_flow_port_scan": ("Port scan", Severity.MEDIUM, Stage.RECON, ("T1046",)),
    "ssrm_flow_host_scan": ("Host scan", Severity.MEDIUM, Stage.RECON, ("T1046",)),
    "ssrm_flow_admin_port_internet": ("Admin port reached from the internet", Severity.HIGH, Stage.INITIAL_ACCESS,
                                      ("T1021", "T1190")),
    "ssrm_flow_large_transfer_new_destination": ("Large transfer to a new destination", Severity.HIGH,
                                                 Stage.EXFILTRATE, ("T1048", "T1496.002")),
    "ssrm_flow_bad_address": ("Traffic with a listed bad address", Severity.HIGH, Stage.CONTROL, ()),
    "ssrm_flow_flood": ("Network flood", Severity.HIGH, Stage.EXFILTRATE, ("T1498", "T1498.001")),
    "ssrm_flow_reflection": ("Reflection amplification flood", Severity.HIGH, Stage.EXFILTRATE,
                             ("T1498", "T1498.002")),
}


def flow_alerts(con: duckdb.DuckDBPyConnection) -> list[Alert]:
    rows = con.execute(
        """SELECT rule_id, src, dst, port, any_value(account), any_value(resource), min(t0), max(t1), sum(n),
                  max(distinct_n), sum(bytes), sum(rejected), flatten(list(sample))[1:5]
           FROM flow_hits GROUP BY rule_id, src, dst, port"""
    ).fetchall()
    out = []
    for rule_id, src, dst, port, account, resource, t0, t1, n, distinct_n, nbytes, rejected, samples in rows:
        title, severity, stage, attack = _META[rule_id]
        if rule_id == "ssrm_flow_port_scan":
            text = f"{src} probed {distinct_n} ports on {dst} within 5 minutes ({rejected} of {n} flows rejected)."
            principal, res = src, resource or dst
        elif rule_id == "ssrm_flow_host_scan":
            text = (f"{src} probed port {port} on {distinct_n} hosts within 5 minutes "
                    f"({rejected} of {n} flows rejected).")
            principal, res = src, ""
        elif rule_id == "ssrm_flow_admin_port_internet":
            name = ADMIN_PORTS.get(int(port), str(port))
            text = (f"{n} accepted flows from {distinct_n} internet address(es) reached {name} (port {port}) on "
                    f"{dst} ({resource or 'unknown interface'}).")
            principal, res = "", resource or dst
        elif rule_id == "ssrm_flow_large_transfer_new_destination":
            text = f"{src} sent {nbytes / 1e6:.0f} MB to {dst}, a destination never seen before."
            principal, res = src, resource or src
        elif rule_id == "ssrm_flow_flood":
            text = (f"{dst} ({resource or 'unknown interface'}) received {n} flows, {nbytes / 1e6:,.0f} MB, from "
                    f"{distinct_n} internet address(es) within 5 minutes: a packet volume at flood level "
                    f"({rejected} flows rejected).")
            principal, res = "", resource or dst
        elif rule_id == "ssrm_flow_reflection":
            text = (f"{dst} ({resource or 'unknown interface'}) received {nbytes / 1e6:,.0f} MB of UDP answers from "
                    f"amplifying services (DNS, NTP, memcached, ...) of {distinct_n} reflectors within 5 minutes, "
                    "answers to questions it never asked: a reflection flood.")
            principal, res = "", resource or dst
        else:
            text = f"Traffic between {src} and {dst} matches the bad-address list ({', '.join(samples)}); {n} flows."
            principal, res = src, resource or ""
        out.append(
            Alert(
                rule_id=rule_id, title=title, severity=severity, stage=stage, kind="rule", attack=attack,
                principal=principal or "", resource=res or "", account=account or "", first_seen=t0, last_seen=t1,
                count=int(n), score={Severity.HIGH: 75.0, Severity.MEDIUM: 55.0}.get(severity, 40.0),
                explanation=text, source="flowlogs",
                evidence=tuple(Evidence(event_id=f"flow:{i}", summary=s) for i, s in enumerate(samples or [])),
            )
        )
    return out


def cloudtrail_bad_address_sql() -> str:
    ip = IPV4_INT.format(c="ct.source_ip")
    return (
        "SELECT ct.event_id, ct.event_time, ct.principal, ct.account, ct.aws_region, b.net, ct.source_ip "
        f"FROM ct JOIN bad_nets b ON (b.lo IS NOT NULL AND {ip} BETWEEN b.lo AND b.hi) "
        "OR (b.exact IS NOT NULL AND ct.source_ip = b.exact)"
    )
