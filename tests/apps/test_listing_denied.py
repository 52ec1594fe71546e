"""Every apps listing refused at once: each collector records a gap, and every apps rule yields ERROR for
the region instead of silently judging nothing."""

from __future__ import annotations

import pytest

from ssrm.engine import evaluate
from ssrm.model import Status

from .helpers import APPS_RULES, deny

LISTINGS = ("ListFunctions", "DescribeRepositories", "DescribeLoadBalancers", "DescribeLogGroups",
            "DescribeMetricFilters", "ListCertificates", "ListCertificateAuthorities", "ListGraphqlApis")


def test_every_listing_denied_gives_gaps_and_errors(mock_scan, monkeypatch: pytest.MonkeyPatch) -> None:
    deny(monkeypatch, LISTINGS)
    inv = mock_scan(["lambda", "ecr", "elbv2", "elb", "logs", "acm", "acm-pca", "appsync"], regions=["us-east-1"])
    # DescribeLoadBalancers is the listing of both elbv2 and Classic ELB
    assert sorted(g.api for g in inv.gaps) == sorted((*LISTINGS, "DescribeLoadBalancers"))
    assert inv.listing_gap("AWS::Logs::MetricFilter", "us-east-1") is not None
    findings = evaluate(inv, list(APPS_RULES.values()))
    assert len(findings) == len(APPS_RULES)
    assert {f.status for f in findings} == {Status.ERROR}
    assert all(f.reason.startswith("could not list resources") for f in findings)
