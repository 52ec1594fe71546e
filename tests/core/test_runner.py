from __future__ import annotations

import pytest

from ssrm.sources.aws.errors import UsageError


def test_scan_emits_account_and_regions(mock_scan) -> None:
    inv = mock_scan([], regions=["us-east-1", "eu-west-1"])
    assert inv.account == "123456789012"
    assert [r.id for r in inv.of_type("AWS::Region")] == ["us-east-1", "eu-west-1"]
    assert inv.of_type("AWS::Account")[0].id == "123456789012"


def test_unknown_region_is_usage_error(mock_scan) -> None:
    with pytest.raises(UsageError, match=r"unknown region .us-est-1. .did you mean"):
        mock_scan([], regions=["us-est-1"])
