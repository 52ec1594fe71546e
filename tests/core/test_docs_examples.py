"""The documented custom-rule example keeps working."""

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
