"""A pySigma backend that turns Sigma detections into DuckDB boolean SQL over ssrm's CloudTrail table.

Built on pySigma's own ``TextQueryBackend``: boolean structure, precedence and grouping come from it; ssrm
supplies the field mapping (dotted CloudTrail paths to columns or JSON paths) and value matching.
Sigma string matching is case-insensitive unless ``|cased``: ``eventName`` and ``eventSource`` are
compared against lower-cased copies stored at load time (plain equality, cheap); other fields use ILIKE.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from sigma.conditions import ConditionAND, ConditionFieldEqualsValueExpression, ConditionItem, ConditionNOT, ConditionOR
from sigma.conversion.base import TextQueryBackend
from sigma.conversion.state import ConversionState
from sigma.rule import SigmaRule
from sigma.types import (
    CompareOperators,
    SigmaBool,
    SigmaCompareExpression,
    SigmaFieldReference,
    SigmaNumber,
    SigmaRegularExpression,
    SigmaRegularExpressionFlag,
    SigmaString,
    SpecialChars,
)

from ssrm.detect.schema import LOWERED, sigma_field_sql

_COMPARE = {
    CompareOperators.LT: "<",
    CompareOperators.LTE: "<=",
    CompareOperators.GT: ">",
    CompareOperators.GTE: ">=",
    CompareOperators.NEQ: "<>",
}


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def like_pattern(value: SigmaString) -> tuple[str, bool]:
    """The LIKE pattern (escape char backslash) for a Sigma string, and whether it has wildcards."""
    out: list[str] = []
    wild = False
    for part in value.s:
        if part is SpecialChars.WILDCARD_MULTI:
            out.append("%")
            wild = True
        elif part is SpecialChars.WILDCARD_SINGLE:
            out.append("_")
            wild = True
        else:
            out.append(str(part).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"))
    return "".join(out), wild


def _regex(value: SigmaString) -> str:
    out = []
    for part in value.s:
        if part is SpecialChars.WILDCARD_MULTI:
            out.append(".*")
        elif part is SpecialChars.WILDCARD_SINGLE:
            out.append(".")
        else:
            out.append(re.escape(str(part)))
    return "".join(out)


class DuckDBBackend(TextQueryBackend):
    """Sigma rule -> DuckDB WHERE expression (one string per rule condition)."""

    name: ClassVar[str] = "ssrm DuckDB CloudTrail"
    formats: ClassVar[dict[str, str]] = {"default": "DuckDB boolean expression"}
    requires_pipeline: ClassVar[bool] = False

    precedence: ClassVar[tuple[type[ConditionItem], type[ConditionItem], type[ConditionItem]]] = (
        ConditionNOT,
        ConditionAND,
        ConditionOR,
    )
    group_expression: ClassVar[str] = "({expr})"
    token_separator: str = " "
    or_token: ClassVar[str] = "OR"
    and_token: ClassVar[str] = "AND"
    not_token: ClassVar[str] = "NOT"
    eq_token: ClassVar[str] = " = "
    str_quote: ClassVar[str] = "'"
    escape_char: ClassVar[str] = "'"
    wildcard_multi: ClassVar[str] = "%"
    wildcard_single: ClassVar[str] = "_"
    field_null_expression: ClassVar[str] = "{field} IS NULL"
    field_exists_expression: ClassVar[str] = "{field} IS NOT NULL"
    field_not_exists_expression: ClassVar[str] = "{field} IS NULL"
    compare_op_expression: ClassVar[str] = "TRY_CAST({field} AS DOUBLE) {operator} {value}"
    compare_operators: ClassVar[dict[CompareOperators, str]] = _COMPARE
    field_equals_field_expression: ClassVar[str] = "lower({field1}) = lower({field2})"
    field_equals_field_startswith_expression: ClassVar[str] = "starts_with(lower({field1}), lower({field2}))"
    field_equals_field_endswith_expression: ClassVar[str] = "ends_with(lower({field1}), lower({field2}))"
    field_equals_field_contains_expression: ClassVar[str] = "contains(lower({field1}), lower({field2}))"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Sigma fields a rule named that the CloudTrail table does not carry (they never match).
        self.unmapped: set[str] = set()

    def escape_and_quote_field(self, field_name: str) -> str:
        sql = sigma_field_sql(field_name)
        if sql is None:
            self.unmapped.add(field_name)
            return "CAST(NULL AS VARCHAR)"
        return sql

    def _match(self, field: str, value: SigmaString, cased: bool) -> str:
        pattern, wild = like_pattern(value)
        column = sigma_field_sql(field)
        if not cased and not wild and field in LOWERED:
            return f"{LOWERED[field]} = {sql_literal(str(value).lower())}"
        if not cased and field in LOWERED:
            return f"{LOWERED[field]} LIKE {sql_literal(pattern.lower())} ESCAPE '\\'"
        sql = self.escape_and_quote_field(field)
        if not wild:
            return f"{sql} = {sql_literal(str(value))}" if cased else f"{sql} ILIKE {sql_literal(pattern)} ESCAPE '\\'"
        if pattern == "%" and column is not None:  # `|contains: '*'` means "has any value"
            return f"{sql} IS NOT NULL"
        op = "LIKE" if cased else "ILIKE"
        return f"{sql} {op} {sql_literal(pattern)} ESCAPE '\\'"

    def convert_condition_field_eq_val_str(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> str:
        assert isinstance(cond.value, SigmaString)
        return self._match(cond.field, cond.value, cased=False)

    def convert_condition_field_eq_val_str_case_sensitive(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> str:
        assert isinstance(cond.value, SigmaString)
        return self._match(cond.field, cond.value, cased=True)

    def convert_condition_field_eq_val_num(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> str:
        assert isinstance(cond.value, SigmaNumber)
        return f"{self.escape_and_quote_field(cond.field)} = {sql_literal(str(cond.value))}"

    def convert_condition_field_eq_val_bool(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> str:
        assert isinstance(cond.value, SigmaBool)
        word = "true" if cond.value.boolean else "false"
        return f"lower({self.escape_and_quote_field(cond.field)}) = '{word}'"

    def convert_condition_field_eq_val_re(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> str:
        value = cond.value
        assert isinstance(value, SigmaRegularExpression)
        flags = "".join(
            flag
            for sigma_flag, flag in (
                (SigmaRegularExpressionFlag.IGNORECASE, "i"),
                (SigmaRegularExpressionFlag.MULTILINE, "m"),
                (SigmaRegularExpressionFlag.DOTALL, "s"),
            )
            if sigma_flag in value.flags
        )
        regex = str(value.regexp)
        if flags:
            regex = f"(?{flags}){regex}"
        return f"regexp_matches({self.escape_and_quote_field(cond.field)}, {sql_literal(regex)})"

    def convert_condition_field_compare_op_val(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> str:
        value = cond.value
        assert isinstance(value, SigmaCompareExpression)
        return self.compare_op_expression.format(
            field=self.escape_and_quote_field(cond.field),
            operator=_COMPARE[value.op],
            value=value.number.number,
        )

    def convert_condition_field_eq_field(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ) -> str:
        assert isinstance(cond.value, SigmaFieldReference)
        return str(super().convert_condition_field_eq_field(cond, state))

    def convert_condition_val_str(self, cond: Any, state: ConversionState) -> str:
        """Keyword (field-less) search: match anywhere in the request or response."""
        pattern, _ = like_pattern(cond.value)
        hay = (
            "concat_ws(' ', event_name, user_agent, CAST(request_parameters AS VARCHAR), "
            "CAST(response_elements AS VARCHAR))"
        )
        return f"{hay} ILIKE {sql_literal('%' + pattern + '%')} ESCAPE '\\'"

    def convert_condition_val_num(self, cond: Any, state: ConversionState) -> str:
        hay = "concat_ws(' ', CAST(request_parameters AS VARCHAR), CAST(response_elements AS VARCHAR))"
        return f"contains({hay}, {sql_literal(str(cond.value))})"

    def convert_condition_or(self, cond: ConditionOR, state: ConversionState) -> Any:
        """``field|contains: [a, b, c]`` becomes one case-insensitive RE2 match instead of many ILIKE scans."""
        args = cond.args
        plain = [(a.field, a.value) for a in args if isinstance(a, ConditionFieldEqualsValueExpression)
                 and isinstance(a.value, SigmaString) and type(a.value) is SigmaString]
        if len(args) > 2 and len(plain) == len(args):
            fields = {name for name, _ in plain}
            field = next(iter(fields))
            if len(fields) == 1 and field not in LOWERED and sigma_field_sql(field) is not None:
                parts = [_regex(value) for _, value in plain]
                if all(p.startswith(".*") and p.endswith(".*") and len(p) > 4 for p in parts):
                    pattern = "(?is)(?:" + "|".join(p[2:-2] for p in parts) + ")"  # contains: unanchored search
                else:
                    pattern = "(?is)^(?:" + "|".join(parts) + ")$"
                return f"regexp_matches({self.escape_and_quote_field(field)}, {sql_literal(pattern)})"
        return super().convert_condition_or(cond, state)

    def convert_condition_not(self, cond: ConditionNOT, state: ConversionState) -> str | None:
        """NOT over SQL three-valued logic: a missing field makes the inner test false, not unknown."""
        arg = cond.args[0]
        if arg is None:
            return None
        inner = self.convert_condition(arg, state)
        if inner is None:
            return None
        return f"NOT coalesce(({inner}), false)"

    def where(self, rule: SigmaRule) -> str:
        """One WHERE expression for the whole rule (its conditions OR-ed)."""
        shown = rule._output  # pySigma hides rules that only feed a correlation; ssrm still needs their SQL
        rule._output = True
        try:
            queries = [str(q) for q in self.convert_rule(rule)]
        finally:
            rule._output = shown
        if len(queries) == 1:
            return queries[0]
        return " OR ".join(f"({q})" for q in queries)
