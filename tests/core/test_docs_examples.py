"""The documented examples (a custom rule, the library API) keep working."""

from __future__ import annotations

import importlib.util
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "custom_rules" / "test_owner_tag.py"


def test_documented_example_rule() -> None:
    spec = importlib.util.spec_from_file_location("docs_example_test_owner_tag", EXAMPLE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.test_owner_tag_rule()


LIBRARY = Path(__file__).resolve().parents[2] / "docs" / "examples" / "library" / "assess_snapshot.py"


def test_documented_library_example(capsys) -> None:  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("docs_example_library", LIBRARY)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.main([])
    printed = capsys.readouterr().out
    assert figures["failing"] >= 1 and "ec2_instance_imdsv1_allowed" in printed
    assert printed.splitlines()[-1].startswith("# Security assessment of AWS account 111122223333")
    assert figures["findings"] > figures["failing"]
