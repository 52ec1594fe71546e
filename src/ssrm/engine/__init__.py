"""Evaluate rules over an inventory."""

from ssrm.engine.evaluate import evaluate, judge

__all__ = ["evaluate", "judge"]
