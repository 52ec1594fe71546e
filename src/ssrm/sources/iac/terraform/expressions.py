"""Evaluate HCL expressions (lark trees) against a scope, propagating Unknown instead of guessing."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import Any

from lark import Token, Tree

from ssrm.model.bounds import COLLECTION_ITEMS, EVALUATION_STEPS, BoundExceeded
from ssrm.sources.iac.terraform.functions import call_function
from ssrm.sources.iac.terraform.values import Traversable, materialize, to_text
from ssrm.sources.iac.unknown import Unknown, find_unknown

RootResolver = Callable[[str], Any]
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")
HEREDOC = re.compile(r"^<<(-?)([A-Za-z][A-Za-z0-9._-]*)\r?\n(?P<body>.*?)\r?\n?[ \t]*\2\r?\n?$", re.S)


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return ESCAPES.get(code, "\\" + code)

    return ESCAPE.sub(one, text)


class Budget:
    """Evaluation steps (for-expression iterations) shared by one load. Crossing ``EVALUATION_STEPS``
    raises BoundExceeded from then on, so nested loops over large collections cannot run for hours."""

    def __init__(self) -> None:
        self.steps = 0
        self.limit = EVALUATION_STEPS.value
        self.exceeded = False

    def spend(self, steps: int) -> None:
        self.steps += steps
        if self.steps > self.limit:
            self.exceeded = True
            raise BoundExceeded(f"evaluation crossed {EVALUATION_STEPS.describe()}")


class Evaluator:
    """Evaluates expressions; ``resolve`` answers root names (var, local, aws_s3_bucket, each, ...)."""

    def __init__(self, resolve: RootResolver, bound: dict[str, Any] | None = None,
                 functions: dict[str, Callable[..., Any]] | None = None, budget: Budget | None = None) -> None:
        self.resolve = resolve
        self.bound = bound or {}
        self.functions = functions or {}
        self.budget = budget or Budget()

    def with_bound(self, **names: Any) -> Evaluator:
        return Evaluator(self.resolve, {**self.bound, **names}, self.functions, self.budget)

    def value(self, node: Tree | Token) -> Any:
        """The plain value of an expression (lazy references materialized); never raises."""
        return self.lazy(node, materialized=True)

    def lazy(self, node: Tree | Token, *, materialized: bool = False) -> Any:
        """The value, lazy references kept unless ``materialized``; never raises."""
        try:
            result = self.eval(node)
            return materialize(result) if materialized else result
        except RecursionError:
            return Unknown("expression nested too deeply to evaluate")
        except Exception as exc:  # one odd expression must not stop the assessment of the rest
            return Unknown(f"expression could not be evaluated ({type(exc).__name__}: {exc})")

    def eval(self, node: Tree | Token) -> Any:
        if isinstance(node, Token):
            return str(node)
        method = getattr(self, f"_{node.data}", None)
        if method is None:
            return Unknown(f"unsupported expression {node.data}")
        return method(node)

    # --- structure -------------------------------------------------------------------------------
    def _parts(self, node: Tree) -> list[Tree]:
        return [c for c in node.children if isinstance(c, Tree) and c.data != "new_line_or_comment"]

    def _expr_term(self, node: Tree) -> Any:
        inner = self._parts(node)
        if inner:
            return self.eval(inner[0])
        return Unknown("empty expression")

    def _interpolation(self, node: Tree) -> Any:
        return self.eval(self._parts(node)[0])

    # --- literals --------------------------------------------------------------------------------
    def _int_lit(self, node: Tree) -> int:
        return int(str(node.children[0]))

    def _float_lit(self, node: Tree) -> float:
        return float(str(node.children[0]))

    def _literal_value(self, node: Tree) -> Any:
        return {"true": True, "false": False, "null": None}[str(node.children[0])]

    def _identifier(self, node: Tree) -> Any:
        name = str(node.children[0])
        if name in self.bound:
            return self.bound[name]
        return self.resolve(name)

    def _string(self, node: Tree) -> Any:
        pieces: list[str] = []
        for part in node.children:
            if not isinstance(part, Tree):
                continue
            inner = part.children[0]
            if isinstance(inner, Token):
                if inner.type == "ESCAPED_INTERPOLATION" or inner.type == "ESCAPED_DIRECTIVE":
                    pieces.append(str(inner)[1:])
                else:
                    pieces.append(_unescape(str(inner)))
                continue
            if inner.data != "interpolation":
                return Unknown("template directives (%{ }) are not evaluated")
            value = self.value(inner)
            text = find_unknown(value) or to_text(value)
            if isinstance(text, Unknown):
                return text
            pieces.append(text)
        return "".join(pieces)

    def _template_string(self, node: Tree) -> Any:
        return _unescape(str(node.children[0])[2:-2])

    def _heredoc_template(self, node: Tree) -> Any:
        match = HEREDOC.match(str(node.children[0]))
        if not match:
            return Unknown("unreadable heredoc")
        body = match.group("body")
        if match.group(1) == "-":
            body = textwrap.dedent(body)
        body += "\n"
        if "${" not in body and "%{" not in body:
            return body
        from hcl2.api import parses_to_tree

        quoted = body.replace("\\", "\\\\").replace('"', '\\"')
        try:
            tree = parses_to_tree(f'x = "{quoted}"')
        except Exception:
            return Unknown("heredoc template could not be parsed")
        attribute = next(tree.find_data("attribute"))
        return self.eval(attribute.children[-1])

    _heredoc_template_trim = _heredoc_template

    def _tuple(self, node: Tree) -> list[Any]:
        return [self.eval(c) for c in self._parts(node)]

    def _object(self, node: Tree) -> Any:
        result: dict[str, Any] = {}
        for elem in self._parts(node):
            key_node, value_node = self._parts(elem)[0], self._parts(elem)[-1]
            key = self._object_key(key_node)
            if isinstance(key, Unknown):
                return key
            result[key] = self.eval(value_node)
        return result

    def _object_key(self, key_node: Tree) -> Any:
        inner = self._parts(key_node)
        target = inner[0] if inner else key_node
        if isinstance(target, Tree) and target.data == "expr_term":
            bare = self._parts(target)
            if bare and bare[0].data == "identifier":
                return str(bare[0].children[0])
        if isinstance(target, Tree) and target.data == "keyword":
            return str(target.children[0])
        return to_text(self.value(target))

    # --- operators -------------------------------------------------------------------------------
    def _conditional(self, node: Tree) -> Any:
        cond, yes, no = self._parts(node)
        test = self.value(cond)
        if isinstance(test, Unknown):
            left, right = self.value(yes), self.value(no)
            return left if left == right and not find_unknown(left) else test
        return self.eval(yes) if test else self.eval(no)

    def _unary_op(self, node: Tree) -> Any:
        operator = str(node.children[0])
        operand = self.value(node.children[1])
        if isinstance(operand, Unknown):
            return operand
        return (not operand) if operator == "!" else -operand

    def _binary_op(self, node: Tree) -> Any:
        parts = self._parts(node)
        left = self.value(parts[0])
        term = self._parts(parts[1])
        operator = str(term[0].children[0])
        right = self.value(term[1])
        if (operator == "&&" and left is False) or (operator == "||" and left is True):
            return left
        for side in (left, right):
            if isinstance(side, Unknown):
                return side
        try:
            return _BINARY[operator](left, right)
        except (TypeError, ValueError, ZeroDivisionError) as exc:
            return Unknown(f"cannot evaluate {operator}: {exc}")

    # --- references and traversal ----------------------------------------------------------------
    def _get_attr_expr_term(self, node: Tree) -> Any:
        base = self.eval(node.children[0])
        return self._traverse(base, node.children[1])

    def _index_expr_term(self, node: Tree) -> Any:
        base = self.eval(node.children[0])
        return self._traverse(base, node.children[1])

    def _attr_splat_expr_term(self, node: Tree) -> Any:
        return self._splat(self.eval(node.children[0]), node.children[1])

    _full_splat_expr_term = _attr_splat_expr_term

    def _splat(self, base: Any, splat: Tree) -> Any:
        if isinstance(base, Unknown):
            return base
        steps = [c for c in splat.children if isinstance(c, Tree)]
        items = base if isinstance(base, list) else ([] if base is None else [base])
        results = []
        for item in items:
            for step in steps:
                item = self._traverse(item, step)
            results.append(item)
        return results

    def _traverse(self, base: Any, step: Tree) -> Any:
        if isinstance(base, Unknown):
            return base
        if step.data == "get_attr":
            name = str(self._parts(step)[0].children[0])
            if isinstance(base, Traversable):
                return base.get_attr(name)
            if isinstance(base, dict):
                return base[name] if name in base else Unknown(f"no attribute {name!r}")
            return Unknown(f"cannot read .{name} of a {type(base).__name__}")
        if step.data == "short_index":
            key: Any = int(str(step.children[1]))
        else:
            key = self.value(self._parts(step)[0])
            if isinstance(key, Unknown):
                return key
        if isinstance(base, Traversable):
            return base.get_index(key)
        try:
            if isinstance(base, list) and isinstance(key, str) and key.isdigit():
                key = int(key)
            return base[key]
        except (KeyError, IndexError, TypeError):
            return Unknown(f"index {key!r} not found")

    # --- functions and for expressions -----------------------------------------------------------
    def _function_call(self, node: Tree) -> Any:
        parts = self._parts(node)
        names = [str(p.children[0]) for p in parts if p.data == "identifier"]
        name = "::".join(names)
        args_node = next((p for p in parts if p.data == "arguments"), None)
        args: list[Any] = []
        expand = False
        if args_node is not None:
            args = [self.eval(a) for a in self._parts(args_node)]
            expand = any(isinstance(t, Token) and t.type == "ELLIPSIS" for t in args_node.children)
        if name == "try":
            return next((materialize(a) for a in args if not find_unknown(materialize(a))),
                        Unknown("try(): no argument could be evaluated"))
        if name == "can":
            return not find_unknown(materialize(args[0])) if args else False
        plain = [materialize(a) for a in args]
        if expand and plain:
            last = plain.pop()
            if isinstance(last, Unknown):
                return last
            plain.extend(last)
        return call_function(name, plain, self.functions)

    def _for_intro(self, node: Tree) -> tuple[list[str], Any]:
        names = [str(c.children[0]) for c in node.children if isinstance(c, Tree) and c.data == "identifier"]
        collection = self.value(self._parts(node)[-1])
        return names, collection

    def _iterate(self, node: Tree) -> list[Evaluator] | Unknown:
        intro = next(c for c in node.children if isinstance(c, Tree) and c.data == "for_intro")
        names, collection = self._for_intro(intro)
        if isinstance(collection, Unknown):
            return collection
        if not isinstance(collection, (dict, list, tuple, str)) and collection is not None:
            return Unknown(f"cannot iterate over a {type(collection).__name__}")
        if len(collection or ()) > COLLECTION_ITEMS.value:
            return Unknown(f"a for expression over {len(collection or ()):,} items crosses "
                           f"{COLLECTION_ITEMS.describe()}")
        self.budget.spend(len(collection or ()))
        pairs = list(collection.items()) if isinstance(collection, dict) else list(enumerate(collection or []))
        scopes = []
        for key, item in pairs:
            if len(names) == 2:
                scopes.append(self.with_bound(**{names[0]: key, names[1]: item}))
            else:
                scopes.append(self.with_bound(**{names[0]: item}))
        cond = next((c for c in node.children if isinstance(c, Tree) and c.data == "for_cond"), None)
        if cond is None:
            return scopes
        kept = []
        for scope in scopes:
            test = scope.value(self._parts(cond)[0])
            if isinstance(test, Unknown):
                return test
            if test:
                kept.append(scope)
        return kept

    def _for_tuple_expr(self, node: Tree) -> Any:
        scopes = self._iterate(node)
        if isinstance(scopes, Unknown):
            return scopes
        body = next(c for c in self._parts(node) if c.data not in ("for_intro", "for_cond"))
        return [scope.eval(body) for scope in scopes]

    def _for_object_expr(self, node: Tree) -> Any:
        scopes = self._iterate(node)
        if isinstance(scopes, Unknown):
            return scopes
        key_node, value_node = [c for c in self._parts(node) if c.data not in ("for_intro", "for_cond")][:2]
        grouping = any(isinstance(t, Token) and t.type == "ELLIPSIS" for t in node.children)
        result: dict[str, Any] = {}
        for scope in scopes:
            key = to_text(scope.value(key_node))
            if isinstance(key, Unknown):
                return key
            value = scope.eval(value_node)
            if grouping:
                result.setdefault(key, []).append(value)
            else:
                result[key] = value
        return result


def _add(a: Any, b: Any) -> Any:
    return a + b


_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "+": _add,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "%": lambda a, b: a % b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "&&": lambda a, b: bool(a and b),
    "||": lambda a, b: bool(a or b),
}
