"""The credential report parser: real column layout, root row, and arbitrary flag/date combinations."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from ssrm.sources.aws.collectors.identity.credential_report import parse_date, parse_report

HEADER = ("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
          "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
          "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
          "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
          "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,"
          "cert_2_active,cert_2_last_rotated")
ROOT = ("<root_account>,arn:aws:iam::123456789012:root,2019-01-01T00:00:00+00:00,not_supported,"
        "2026-11-01T10:00:00+00:00,not_supported,not_supported,false,true,2020-01-01T00:00:00+00:00,"
        "2026-11-20T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A")
BOB = ("bob,arn:aws:iam::123456789012:user/bob,2024-01-01T00:00:00+00:00,true,no_information,"
       "2024-01-01T00:00:00+00:00,N/A,false,true,2024-01-01T00:00:00+00:00,N/A,N/A,N/A,"
       "false,2024-02-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A")


def test_parses_users_and_root_row() -> None:
    report = parse_report(f"{HEADER}\n{ROOT}\n{BOB}\n".encode())
    assert report.root is not None and not report.root.mfa_active
    assert [k.slot for k in report.root.access_keys if k.active] == [1]
    assert report.root.last_used == datetime(2026, 11, 20, tzinfo=UTC)
    bob = report.rows["arn:aws:iam::123456789012:user/bob"]
    assert bob.password_enabled and bob.password_last_used is None
    assert [(k.slot, k.active) for k in bob.access_keys] == [(1, True), (2, False)]


@given(
    password=st.booleans(), mfa=st.booleans(), key1=st.booleans(),
    used=st.one_of(st.sampled_from(["N/A", "no_information", "not_supported", ""]),
                   st.datetimes(min_value=datetime(2010, 1, 1), max_value=datetime(2030, 1, 1))
                   .map(lambda d: d.replace(microsecond=0).isoformat() + "+00:00")),
)
def test_any_row_parses_to_consistent_state(password: bool, mfa: bool, key1: bool, used: str) -> None:
    flag = {True: "true", False: "false"}
    row = (f"u,arn:aws:iam::1:user/u,2020-01-01T00:00:00+00:00,{flag[password]},{used},N/A,N/A,{flag[mfa]},"
           f"{flag[key1]},2020-01-01T00:00:00+00:00,{used},N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A")
    parsed = parse_report(f"{HEADER}\n{row}\n").rows["arn:aws:iam::1:user/u"]
    assert parsed.password_enabled is password and parsed.mfa_active is mfa
    assert [k.active for k in parsed.access_keys] == [key1]
    assert parsed.password_last_used == parse_date(used)
    assert parsed.password_last_used is None or parsed.password_last_used.tzinfo is not None
