from __future__ import annotations

import boto3
import pytest

from ssrm.model.resources.apps.acm import AcmCertificate
from ssrm.model.resources.apps.logs import LogGroup, MetricFilter

from .helpers import deny


def _create_logs() -> None:
    logs = boto3.client("logs", region_name="us-east-1")
    logs.create_log_group(logGroupName="/app/short")
    logs.put_retention_policy(logGroupName="/app/short", retentionInDays=30)
    logs.create_log_group(logGroupName="/trail")
    logs.put_metric_filter(logGroupName="/trail", filterName="unauthorized",
                           filterPattern='{ ($.errorCode = "*UnauthorizedOperation") }',
                           metricTransformations=[{"metricName": "Unauthorized", "metricNamespace": "CIS",
                                                   "metricValue": "1"}])


def test_logs_collector_reads_groups_and_filters(mock_scan) -> None:
    _create_logs()
    inv = mock_scan(["logs"], regions=["us-east-1"])
    assert inv.gaps == []
    groups = {g.name: g for g in inv.of_type(LogGroup)}
    assert groups["/app/short"].retention_days == 30 and groups["/trail"].retention_days is None
    (metric_filter,) = inv.of_type(MetricFilter)
    assert metric_filter.log_group_name == "/trail" and metric_filter.metrics[0].namespace == "CIS"
    assert "UnauthorizedOperation" in metric_filter.pattern
    assert inv.stats.calls_by_api["logs:DescribeMetricFilters"] == 1


def test_acm_collector_reads_certificates(mock_scan) -> None:
    acm = boto3.client("acm", region_name="us-east-1")
    arn = acm.request_certificate(DomainName="api.example.com", ValidationMethod="DNS")["CertificateArn"]
    inv = mock_scan(["acm"], regions=["us-east-1"])
    assert inv.gaps == []
    (cert,) = inv.of_type(AcmCertificate)
    assert cert.arn == arn and cert.domain_name == "api.example.com"
    assert cert.key_algorithm == "RSA_2048" and cert.rsa_key_bits == 2048 and cert.not_after is not None


def test_acm_describe_denied_keeps_summary(mock_scan, monkeypatch: pytest.MonkeyPatch) -> None:
    boto3.client("acm", region_name="us-east-1").request_certificate(DomainName="api.example.com")
    deny(monkeypatch, ["DescribeCertificate"])
    inv = mock_scan(["acm"], regions=["us-east-1"])
    (cert,) = inv.of_type(AcmCertificate)
    assert "in_use_by" in cert.unknown and cert.key_algorithm == "RSA_2048"
    assert [g.api for g in inv.gaps] == ["DescribeCertificate"]
