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


def test_expired_token_is_one_clear_credentials_error() -> None:
    from unittest import mock

    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    from ssrm.sources.aws.errors import CredentialsError
    from ssrm.sources.aws.session import ConnectOptions, open_session

    def expired(self: BaseClient, operation: str, params: dict[str, object]) -> object:
        raise ClientError({"Error": {"Code": "ExpiredToken", "Message": "The security token included in the "
                                     "request is expired"}}, operation)

    with mock.patch.object(BaseClient, "_make_api_call", expired), \
            pytest.raises(CredentialsError, match=r"rejected the credentials .*ExpiredToken"):
        open_session(ConnectOptions(region="us-east-1"))


def test_assume_role_refused_names_the_role(mock_scan) -> None:
    from ssrm.sources.aws.errors import CredentialsError
    from ssrm.sources.aws.session import ConnectOptions, open_session

    with pytest.raises(CredentialsError, match="assuming arn:aws:iam::123456789012:role/nope"):
        from unittest import mock

        from botocore.client import BaseClient
        from botocore.exceptions import ClientError

        def refuse(self: BaseClient, operation: str, params: dict[str, object]) -> object:
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "not authorized"}}, operation)

        with mock.patch.object(BaseClient, "_make_api_call", refuse):
            open_session(ConnectOptions(region="us-east-1", role_arn="arn:aws:iam::123456789012:role/nope"))
