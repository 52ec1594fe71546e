"""Issue 12, item 6: a registry module that is not on disk is a reported gap naming its source."""

from __future__ import annotations

from pathlib import Path

from ssrm.sources.iac.loader import load_iac


def test_registry_module_is_a_gap_naming_its_source(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n'
                                      '  version = "5.0.0"\n}\n'
                                      'resource "aws_s3_bucket" "b" { bucket = "b" }\n')
    load = load_iac([tmp_path])
    gaps = [g for g in load.inventory.gaps if g.error == "RemoteModule"]
    assert len(gaps) == 1
    assert "terraform-aws-modules/vpc/aws" in gaps[0].message and "module.vpc" in gaps[0].message
    assert any(r.resource_type == "AWS::S3::Bucket" for _, r in load.records)  # the rest is still assessed
