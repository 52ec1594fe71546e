"""HCL files into blocks and attributes that keep their line numbers and unevaluated expressions."""

from __future__ import annotations

from dataclasses import dataclass, field

from lark import Token, Tree
from lark.exceptions import LarkError, UnexpectedEOF, UnexpectedInput, UnexpectedToken


class HclSyntaxError(Exception):
    """A file that is not valid HCL: names the file and the line."""

    def __init__(self, file: str, line: int | None, detail: str) -> None:
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: invalid HCL: {detail}")
        self.file = file
        self.line = line


@dataclass
class Attribute:
    name: str
    expr: Tree | Token
    line: int


@dataclass
class Block:
    type: str
    labels: list[str]
    line: int
    file: str
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    def children(self, block_type: str) -> list[Block]:
        return [b for b in self.blocks if b.type == block_type]


def parse_hcl(text: str, file: str) -> list[Block]:
    """The top-level blocks of one HCL file."""
    from hcl2.api import parses_to_tree

    try:
        tree = parses_to_tree(text)
    except UnexpectedInput as exc:
        raise HclSyntaxError(file, exc.line if exc.line and exc.line > 0 else None, _describe(exc)) from None
    except LarkError as exc:
        raise HclSyntaxError(file, None, str(exc).strip().splitlines()[0]) from None
    body = _first(tree, "body")
    root = Block("", [], 1, file)
    if body is not None:
        _fill(root, body, file)
    return root.blocks


def _describe(exc: UnexpectedInput) -> str:
    if isinstance(exc, UnexpectedEOF) or (isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
        return "unexpected end of file (a brace, bracket or quote is not closed)"
    if isinstance(exc, UnexpectedToken):
        text = str(exc.token).strip().splitlines()[0] if str(exc.token).strip() else repr(str(exc.token))
        return f"unexpected {text!r} at column {exc.column}"
    return f"unexpected character at column {exc.column}"


def _first(tree: Tree, name: str) -> Tree | None:
    return next((c for c in tree.children if isinstance(c, Tree) and c.data == name), None)


def _name(node: Tree | Token) -> str:
    if isinstance(node, Token):
        return str(node)
    if node.data == "string":
        return "".join(str(part.children[0]) for part in node.children
                       if isinstance(part, Tree) and isinstance(part.children[0], Token))
    return "".join(str(t) for t in node.scan_values(lambda v: isinstance(v, Token)))


def _fill(block: Block, body: Tree, file: str) -> None:
    for child in body.children:
        if not isinstance(child, Tree):
            continue
        if child.data == "attribute":
            name = _name(child.children[0])
            expr = child.children[-1]
            block.attributes[name] = Attribute(name, expr, child.meta.line)
        elif child.data == "block":
            parts = [c for c in child.children if isinstance(c, Tree) and c.data != "new_line_or_comment"]
            inner = parts[-1]
            nested = Block(_name(parts[0]), [_name(p) for p in parts[1:-1]], child.meta.line, file)
            _fill(nested, inner, file)
            block.blocks.append(nested)
