"""VPC flow logs: formats and network detectors."""

from __future__ import annotations

import gzip
from datetime import datetime
from pathlib import Path

from ssrm.detect.engine import Detector, Options
from ssrm.detect.flows import FlowConfig, load_bad_addresses
from ssrm.detect.ruleset import Ruleset
from ssrm.detect.sources import list_objects
from ssrm.detect.synthetic import FLOW_HEADER, flow_line

T = datetime(2026, 11, 4, 3, 0)


def _run(tmp: Path, lines: list[str], header: str | None = FLOW_HEADER, cfg: FlowConfig | None = None):
    path = tmp / "AWSLogs" / "111122223333" / "vpcflowlogs" / "us-east-1" / "2026" / "11" / "04" / "f.log.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = ((header + "\n") if header else "") + "\n".join(lines) + "\n"
    path.write_bytes(gzip.compress(text.encode()))
    det = Detector(Ruleset(), Options(flow=cfg or FlowConfig(transfer_bytes=10_000_000)))
    det.run(list_objects([str(tmp)]))
    alerts = det.alerts()
    stats = det.stats
    det.close()
    return alerts, stats


def test_port_scan_and_admin_port_from_internet(tmp_path: Path) -> None:
    lines = [flow_line("203.0.113.9", "10.0.1.5", 40000, port, T, action="REJECT") for port in range(1000, 1030)]
    lines.append(flow_line("198.51.100.4", "10.0.1.5", 50000, 22, T, action="ACCEPT"))
    lines.append(flow_line("10.0.2.2", "10.0.1.5", 50000, 22, T, action="ACCEPT"))  # internal: fine
    alerts, stats = _run(tmp_path, lines)
    assert stats.flow_records == 32
    by_rule = {a.rule_id: a for a in alerts}
    assert "30 ports" in by_rule["ssrm_flow_port_scan"].explanation
    admin = by_rule["ssrm_flow_admin_port_internet"]
    assert "SSH" in admin.explanation and admin.resource == "eni-0a1b2c3d4e5f60718" and admin.count == 1


def test_default_format_without_header_and_large_transfer(tmp_path: Path) -> None:
    lines = [flow_line("10.0.1.5", "192.0.2.50", 443, 50000, T, nbytes=6_000_000) for _ in range(2)]
    alerts, _ = _run(tmp_path, lines, header=None)
    assert [a.rule_id for a in alerts] == ["ssrm_flow_large_transfer_new_destination"]
    assert "192.0.2.50" in alerts[0].explanation


def test_custom_format_and_bad_addresses(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("# feed\n192.0.2.0/24\n2001:db8::1\n")
    nets = load_bad_addresses(bad)
    header = "srcaddr dstaddr dstport action start instance-id"
    t = int(T.timestamp())
    lines = [f"10.0.1.5 192.0.2.77 443 ACCEPT {t} i-0123", f"10.0.1.5 198.51.100.1 443 ACCEPT {t} i-0123"]
    alerts, _ = _run(tmp_path / "x", lines, header=header, cfg=FlowConfig(bad_networks=nets))
    bad_alerts = [a for a in alerts if a.rule_id == "ssrm_flow_bad_address"]
    assert len(bad_alerts) == 1 and bad_alerts[0].resource == "i-0123"


def test_direct_flood_from_the_internet(tmp_path: Path) -> None:
    def flood(src_net: str, packets: int) -> list[str]:
        return [flow_line(f"{src_net}.{i}", "10.0.1.5", 40000 + i, 443, T, packets=packets, nbytes=packets * 60)
                for i in range(1, 41)]

    alerts, _ = _run(tmp_path / "a", flood("203.0.113", 100_000))  # 4 M packets in 5 minutes
    (hit,) = [a for a in alerts if a.rule_id == "ssrm_flow_flood"]
    assert hit.attack == ("T1498", "T1498.001") and "40 internet address(es)" in hit.explanation
    assert hit.resource == "eni-0a1b2c3d4e5f60718"
    for name, lines in (("busy", flood("203.0.113", 50_000)),  # 2 M packets: a busy server, not a flood
                        ("inside", flood("10.0.9", 100_000))):  # from inside the VPC (load tests, replication)
        quiet, _ = _run(tmp_path / name, lines)
        assert not [a for a in quiet if a.rule_id == "ssrm_flow_flood"], name


def test_reflection_amplification(tmp_path: Path) -> None:
    def answers(sport: int, proto: int, sources: int) -> list[str]:
        return [flow_line(f"198.51.100.{i}", "10.0.1.5", sport, 33000 + i, T, proto=proto, nbytes=6_000_000)
                for i in range(1, sources + 1)]

    alerts, _ = _run(tmp_path / "a", answers(123, 17, 25))  # 25 NTP servers answer with 150 MB
    (hit,) = [a for a in alerts if a.rule_id == "ssrm_flow_reflection"]
    assert hit.attack == ("T1498", "T1498.002") and "25 reflectors" in hit.explanation
    for name, lines in (("tcp", answers(123, 6, 25)),  # not UDP: no amplification
                        ("few", answers(53, 17, 5)),  # five resolvers: the host's own DNS traffic
                        ("other-port", answers(4500, 17, 25))):  # not an amplifying service
        quiet, _ = _run(tmp_path / name, lines)
        assert not [a for a in quiet if a.rule_id == "ssrm_flow_reflection"], name
