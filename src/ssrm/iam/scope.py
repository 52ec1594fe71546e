"""Static questions about one statement's reach, shared by the public-access, trust and admin checks."""

from __future__ import annotations

from ssrm.iam.conditions import ConditionClause
from ssrm.iam.policy import Statement
from ssrm.iam.wildcard import PatternSet

# Any action a pattern matches here can only be a wildcard's doing: no real service is called that.
PROBE_ACTION = "ssrmprobe:ssrmprobeaction"
PROBE_ARN = "arn:aws:ssrmprobe:us-east-1:000000000000:ssrmprobe/ssrmprobe"

# Condition keys that pin a statement to known callers or networks.
RESTRICTING_KEYS = frozenset(
    {
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:principalaccount",
        "aws:principalarn",
        "aws:sourceaccount",
        "aws:sourceowner",
        "aws:sourcearn",
        "aws:sourceorgid",
        "aws:sourceorgpaths",
        "aws:sourcevpc",
        "aws:sourcevpce",
        "aws:sourceip",
        "aws:vpcsourceip",
        "aws:userid",
        "aws:username",
        "aws:calledvia",
        "kms:calleraccount",
        "kms:viaservice",
        "sts:externalid",
        "aws:resourceorgid",
        "lambda:functionurlauthtype",
    }
)
_OPEN_NETWORKS = frozenset({"0.0.0.0/0", "::/0"})


def covers_all_actions(statement: Statement) -> bool:
    if statement.not_action:
        return False
    return statement.actions.matches(PROBE_ACTION)


def covers_all_resources(statement: Statement) -> bool:
    if statement.resources is None:
        return True
    if statement.not_resource:
        return False
    return statement.resources.matches(PROBE_ARN) or statement.resources.matches("*")


def restricts_callers(clause: ConditionClause) -> bool:
    """A positive test of a restricting key with a real value (not ``*``, not an open network)."""
    if clause.key.lower() not in RESTRICTING_KEYS or clause.spec.negated or clause.spec.family == "null":
        return False
    if clause.if_exists or clause.set_operator == "allvalues":
        return False  # satisfied when the key is missing, so it lets unknown callers through
    return not any(value.strip("*") == "" or value in _OPEN_NETWORKS for value in clause.values)


def excludes_outsiders(clause: ConditionClause) -> bool:
    """A negated test of a restricting key, which in a Deny turns away everyone outside the values."""
    if clause.key.lower() not in RESTRICTING_KEYS or not clause.spec.negated:
        return False
    return not any(value.strip("*") == "" or value in _OPEN_NETWORKS for value in clause.values)


def patterns_cover(outer: PatternSet, inner_patterns: tuple[str, ...]) -> bool:
    """Does ``outer`` match every pattern string of ``inner`` (so every value they could match)?"""
    return outer.match_all or all(outer.matches(pattern) for pattern in inner_patterns)


def deny_covers(deny: Statement, allow: Statement) -> bool:
    """Whether ``deny`` applies to all the actions and resources ``allow`` grants."""
    if deny.not_action:
        return False
    if allow.not_action:
        actions_covered = deny.actions.match_all
    else:
        actions_covered = patterns_cover(deny.actions, allow.actions.patterns)
    if not actions_covered:
        return False
    if deny.resources is None:
        return True
    if deny.not_resource:
        return False
    if allow.resources is None or allow.not_resource:
        return deny.resources.match_all
    return patterns_cover(deny.resources, allow.resources.patterns)
