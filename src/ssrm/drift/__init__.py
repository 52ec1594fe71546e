"""Drift: what changed between two runs, and how long findings stay open."""

from ssrm.drift.diff import RunDiff, classify, diff_runs, history_section, pick_runs
from ssrm.drift.resources import ResourceDiff, describe_changes, diff_resources

__all__ = ["ResourceDiff", "RunDiff", "classify", "describe_changes", "diff_resources", "diff_runs",
           "history_section", "pick_runs"]
