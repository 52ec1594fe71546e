"""The rule catalog (code) and, later, compliance mappings (data)."""

from ssrm.rules.base import Rule, Verdict, failed, not_applicable, passed, rule

__all__ = ["Rule", "Verdict", "failed", "not_applicable", "passed", "rule"]
