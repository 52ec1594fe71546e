"""The action catalog: wildcard expansion and spelling."""

from __future__ import annotations

import pytest

from ssrm.iam import (
    access_levels,
    all_actions,
    canonical_action,
    dataset_version,
    expand_action,
    is_known_action,
    known_services,
    service_actions,
)
from ssrm.iam.wildcard import glob_match


def test_catalog_is_large_and_versioned() -> None:
    assert len(known_services()) > 300
    assert len(all_actions()) > 15_000
    assert dataset_version()


def test_prefix_wildcard_expands_within_the_service() -> None:
    gets = expand_action("s3:Get*")
    assert "s3:GetObject" in gets and "s3:GetBucketPolicy" in gets
    assert all(action.startswith("s3:Get") for action in gets)
    assert "s3:PutObject" not in gets


def test_expansion_is_case_insensitive() -> None:
    assert expand_action("S3:get*") == expand_action("s3:Get*")


def test_star_and_service_star() -> None:
    assert expand_action("*") == frozenset(all_actions())
    assert expand_action("iam:*") == frozenset(service_actions("iam"))
    assert "iam:PassRole" in expand_action("iam:*")


def test_question_mark_and_wildcard_in_service() -> None:
    assert "s3:GetObject" in expand_action("s?:GetObject")
    assert "ec2:DescribeInstances" in expand_action("*:DescribeInstances")


@pytest.mark.parametrize("pattern", ["iam:*AccessKey*", "ec2:Describe*", "s3:*Object", "kms:?ncrypt"])
def test_every_expanded_action_matches_its_pattern(pattern: str) -> None:
    expanded = expand_action(pattern)
    assert expanded
    assert all(glob_match(pattern.lower(), action.lower()) for action in expanded)


def test_unknown_literal_action_is_kept() -> None:
    assert expand_action("s3:BrandNewAction") == {"s3:brandnewaction"}
    assert expand_action("nosuchservice:*") == frozenset()


def test_spelling_and_levels() -> None:
    assert canonical_action("IAM:passrole") == "iam:PassRole"
    assert is_known_action("sts:AssumeRole")
    assert not is_known_action("sts:Teleport")
    assert "Permissions management" in access_levels("iam:PutRolePolicy")
    assert access_levels("s3:GetObject") == {"Read"}
    assert access_levels("nosuch:Thing") == frozenset()
