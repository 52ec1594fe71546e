"""Property tests for what the apps code parses: TLS policy names, Lambda environments."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ssrm.rules.apps.elbv2 import OUTDATED_TLS_POLICIES, lowest_tls
from ssrm.sources.aws.collectors.apps import awslambda
from ssrm.sources.aws.context import Reply


@given(st.text(max_size=60))
def test_lowest_tls_is_none_or_a_version(name: str) -> None:
    assert lowest_tls(name) in {None, "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"}


@given(st.sampled_from(["TLS13", "TLS", "FS"]), st.integers(0, 3),
       st.sampled_from(["2021-06", "Ext-2018-06", "Res-2019-08"]))
def test_lowest_tls_reads_the_version_in_the_name(family: str, minor: int, suffix: str) -> None:
    assert lowest_tls(f"ELBSecurityPolicy-{family}-1-{minor}-{suffix}") == f"TLSv1.{minor}"


def test_every_listed_outdated_policy_allows_old_tls() -> None:
    assert all(lowest_tls(p) in {"TLSv1.0", "TLSv1.1"} for p in OUTDATED_TLS_POLICIES)


class NothingConfigured:
    """A collection context where every detail call says "not configured"."""

    account = "123456789012"
    region = "us-east-1"

    def call(self, operation: str, **_: Any) -> Reply:
        return Reply(absent=True, error="ResourceNotFoundException")


NAMES = st.from_regex(r"[A-Z][A-Z0-9_]{0,20}", fullmatch=True)
# Values carry a marker no field name or enum of the model contains, so "not in the JSON" means "not stored".
VALUES = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=12, max_size=40).map(
    lambda text: f"~v~{text}")


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(NAMES, VALUES, max_size=6))
def test_lambda_environment_values_are_never_stored(variables: dict[str, str]) -> None:
    item = {"FunctionName": "f", "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f",
            "Runtime": "python3.12", "Environment": {"Variables": variables}}
    function = awslambda._function(NothingConfigured(), item)  # type: ignore[arg-type]
    stored = json.dumps(function.model_dump(mode="json"), ensure_ascii=False)
    assert function.environment_variable_names == tuple(sorted(variables))
    for value in variables.values():
        # A value that happens to spell a variable name or part of the ARN proves nothing either way.
        if not any(value in name for name in variables) and value not in item["FunctionArn"]:
            assert json.dumps(value)[1:-1] not in stored
