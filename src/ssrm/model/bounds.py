"""The bounds that keep hostile input from exhausting time or memory, each overridable by an env variable.

Crossing a bound is never a kill: the input is refused with one line naming the bound, or (inside an
IaC tree) the part that crossed it becomes a reported gap and the rest is still judged. docs/limits.md
lists them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


class BoundSettingError(ValueError):
    """An environment variable meant to change a bound holds something other than a positive integer."""


@dataclass(frozen=True)
class Bound:
    env: str
    default: int
    what: str  # "Terraform count/for_each instances per block"

    @property
    def value(self) -> int:
        text = os.environ.get(self.env, "").strip()
        if not text:
            return self.default
        try:
            number = int(text)
        except ValueError:
            number = 0
        if number <= 0:
            raise BoundSettingError(f"{self.env}={text!r}: expected a positive whole number")
        return number

    def describe(self) -> str:
        """``the bound on X (N; set SSRM_MAX_X to change it)``, for messages."""
        return f"the bound on {self.what} ({self.value:,}; set {self.env} to change it)"


INSTANCES_PER_BLOCK = Bound("SSRM_MAX_COUNT", 10_000, "Terraform count/for_each instances per block")
INSTANCES_PER_TREE = Bound("SSRM_MAX_IAC_INSTANCES", 10_000,
                           "resource and module instances in one Terraform tree")
MODULE_DEPTH = Bound("SSRM_MAX_MODULE_DEPTH", 20, "Terraform module nesting depth")
COLLECTION_ITEMS = Bound("SSRM_MAX_COLLECTION", 100_000,
                         "items in one Terraform collection (range(), for expressions)")
EVALUATION_STEPS = Bound("SSRM_MAX_IAC_STEPS", 5_000_000, "Terraform evaluation steps in one run")
YAML_VALUES = Bound("SSRM_MAX_YAML_VALUES", 1_000_000, "values in one YAML document after alias expansion")
NESTING_DEPTH = Bound("SSRM_MAX_NESTING", 128, "nesting depth of JSON and YAML documents")
INPUT_MEGABYTES = Bound("SSRM_MAX_INPUT_MB", 512, "the size of one input file once decompressed, in MB")

ALL_BOUNDS = (INSTANCES_PER_BLOCK, INSTANCES_PER_TREE, MODULE_DEPTH, COLLECTION_ITEMS, EVALUATION_STEPS,
              YAML_VALUES, NESTING_DEPTH, INPUT_MEGABYTES)


class BoundExceeded(Exception):
    """Work or data crossed a bound; the message names it."""
