"""Input handling: layouts, JSON lines, broken and foreign files, sniffing."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssrm.detect.ingest import Kind, Loader, sniff
from tests.detect.helpers import at, write_trail


def _load(files: list[Path]) -> tuple[int, list[str]]:
    con = duckdb.connect()
    loader = Loader(con)
    result = loader.load([(str(p), p) for p in files])
    loader.close()
    return result.events, [f"{Path(p.uri).name}: {p.reason}" for p in result.problems]


def test_bad_files_are_reported_and_the_rest_loaded(tmp_path: Path) -> None:
    good = write_trail(tmp_path, [at(), at(1)], "good.json.gz")
    good2 = write_trail(tmp_path, [at(2)], "good2.json.gz")
    truncated = tmp_path / "truncated.json.gz"
    truncated.write_bytes(good.read_bytes()[:-20])
    cut_json = tmp_path / "cutjson.json.gz"
    cut_json.write_bytes(gzip.compress(json.dumps({"Records": [at(), at()]}).encode()[:-30]))
    foreign = tmp_path / "notes.txt"
    foreign.write_text("hello world, this is not a log\n")
    not_trail = tmp_path / "other.json"
    not_trail.write_text(json.dumps({"hello": [1, 2]}))
    events, problems = _load([good, truncated, cut_json, foreign, good2, not_trail])
    assert events == 4  # the cut JSON file gives its first, whole record, and is still reported
    names = sorted(p.split(":")[0] for p in problems)
    assert names == ["cutjson.json.gz", "notes.txt", "other.json", "truncated.json.gz"]
    assert any("1 whole record(s) read" in p for p in problems)


def test_non_standard_numbers_cost_one_record_not_the_file(tmp_path: Path) -> None:
    path = tmp_path / "inf.json"
    path.write_text('{"Records": [' + json.dumps(at()) + ', {"eventID": "x", "eventTime": Infinity}, Infinity, '
                    + json.dumps(at(1)) + "]}")
    events, problems = _load([path])
    assert events == 2 and len(problems) == 1 and "3 whole record(s) read, 1 unreadable" in problems[0]


def test_corrupt_record_inside_a_batch_is_isolated(tmp_path: Path) -> None:
    good = write_trail(tmp_path, [at()], "a.json.gz")
    bad = tmp_path / "b.json.gz"
    bad.write_bytes(gzip.compress(b'{"Records":[{"eventID": "x", "eventTime": [}]}'))
    events, problems = _load([good, bad])
    assert events == 1 and len(problems) == 1


def test_json_lines_plain_and_eventbridge(tmp_path: Path) -> None:
    plain = at(eventName="ListBuckets")
    bridge = {"version": "0", "detail-type": "AWS API Call via CloudTrail", "source": "aws.iam",
              "detail": at(eventName="CreateUser", eventSource="iam.amazonaws.com")}
    path = tmp_path / "events.jsonl"
    path.write_text(json.dumps(plain) + "\n" + json.dumps(bridge) + "\n")
    con = duckdb.connect()
    loader = Loader(con)
    result = loader.load([(str(path), path)])
    assert result.events == 2
    names = sorted(r[0] for r in con.execute("SELECT event_name FROM ct").fetchall())
    assert names == ["CreateUser", "ListBuckets"]
    assert con.execute("SELECT principal FROM ct LIMIT 1").fetchone()[0].endswith("user/alice")


def test_pretty_printed_trail_file_takes_the_slow_path(tmp_path: Path) -> None:
    path = tmp_path / "pretty.json"
    path.write_text(json.dumps({"Records": [at(), at(1)], "extra": 1}, indent=2))
    events, problems = _load([path])
    assert events == 2 and problems == []


def test_sniff() -> None:
    assert sniff(b'{"Records":[') is Kind.CLOUDTRAIL
    assert sniff(b'  {\n "Records" : [') is Kind.CLOUDTRAIL
    assert sniff(b'{"eventID": "1"}\n') is Kind.JSONL
    assert sniff(b"version account-id interface-id srcaddr dstaddr\n") is Kind.FLOW
    assert sniff(b"2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1 2 ACCEPT OK\n") is Kind.FLOW
    assert sniff(b"\x00\x01garbage") is Kind.FOREIGN


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=300), st.booleans())
def test_any_bytes_are_classified_or_reported_never_raised(tmp_path_factory, data: bytes, compressed: bool) -> None:
    """Garbage gets past the gzip layer too (compressed=True), so classification itself meets it."""
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / ("blob.json.gz" if compressed else "blob.bin")
    path.write_bytes(gzip.compress(data) if compressed else data)
    loader = Loader(duckdb.connect())
    result = loader.load([(str(path), path)])
    loader.close()
    assert result.events == 0, "random bytes hold no CloudTrail event"
    if data.strip():  # classified (flow-log looking text goes to the flow reader) or reported, with a reason
        assert len(result.flow_files) + len(result.problems) == 1, (result.flow_files, result.problems)
        assert all(p.uri == str(path) and p.reason for p in result.problems)


def test_spool_goes_to_shared_memory_only_when_it_has_room(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import shutil as shutil_module
    from collections import namedtuple

    from ssrm.detect import ingest

    usage = namedtuple("usage", "total used free")
    monkeypatch.delenv(ingest.SPOOL_ENV, raising=False)
    monkeypatch.setattr(ingest, "SHARED_MEMORY", tmp_path)
    monkeypatch.setattr(shutil_module, "disk_usage", lambda path: usage(64 << 20, 0, 64 << 20))
    assert ingest.spool_parent(400 << 20) is None, "a container's 64 MB /dev/shm is not used for a 400 MB batch"
    assert ingest.spool_parent(16 << 20) == str(tmp_path)
    assert ingest.spool_parent(0) is None, "no size given: the system's temporary directory"
    monkeypatch.setenv(ingest.SPOOL_ENV, str(tmp_path / "mine"))
    assert ingest.spool_parent(16 << 20) == str(tmp_path / "mine")
