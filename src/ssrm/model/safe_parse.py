"""Read untrusted files within bounds: size (also once decompressed), UTF-8, JSON/YAML nesting, YAML aliases.

Every failure is an ``InputFileError`` whose message is one line naming the file and, where one was
crossed, the bound (``ssrm.model.bounds``). Callers wrap it in their own error type.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ssrm.model.bounds import INPUT_MEGABYTES, NESTING_DEPTH, YAML_VALUES

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 20


class InputFileError(ValueError):
    """A file that cannot be read safely; the message is one line for the user."""


def read_bytes(path: Path, what: str = "file") -> bytes:
    """The file's bytes, gunzipped when it is gzip (by suffix or content), within the size bound."""
    limit = INPUT_MEGABYTES.value * 1024 * 1024
    try:
        if path.is_dir():
            raise InputFileError(f"{what} {path} is a directory, not a file")
        with path.open("rb") as raw:
            head = raw.read(2)
            raw.seek(0)
            if head == GZIP_MAGIC:
                return _gunzip(raw, path, what, limit)
            if path.suffix == ".gz":
                raise InputFileError(f"{what} {path} is named .gz but is not gzip")
            return _read_within(raw, limit, f"{what} {path} is larger than {INPUT_MEGABYTES.describe()}")
    except FileNotFoundError:
        raise InputFileError(f"{what} not found: {path}") from None
    except OSError as exc:
        raise InputFileError(f"{what} {path} cannot be read: {exc.strerror or exc}") from None


def _read_within(stream: Any, limit: int, too_large: str) -> bytes:
    """Read in chunks (``read(limit)`` would allocate ``limit`` bytes up front, even for a tiny file)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise InputFileError(too_large)
        chunks.append(chunk)
    return b"".join(chunks)


def _gunzip(raw: Any, path: Path, what: str, limit: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=raw) as unpacked:
            return _read_within(unpacked, limit, f"{what} {path} unpacks to more than {INPUT_MEGABYTES.describe()}")
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise InputFileError(f"{what} {path} cannot be read: a damaged gzip file ({exc})") from None


def decode_utf8(data: bytes, path: Path | str, what: str = "file") -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputFileError(f"{what} {path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x})") from None


def read_text(path: Path, what: str = "file") -> str:
    """The file as UTF-8 text (gunzipped when gzip), within the size bound."""
    return decode_utf8(read_bytes(path, what), path, what)


def loads_json(text: str, where: str, object_hook: Callable[[dict[str, Any]], Any] | None = None) -> Any:
    """Parse JSON; damage, or nesting beyond the bound, is one line naming ``where``. ``object_hook`` as for
    ``json.loads`` (the report reader shares repeated values through one)."""
    try:
        data = json.loads(text, object_hook=object_hook)
    except json.JSONDecodeError as exc:
        raise InputFileError(f"{where}:{exc.lineno}: not valid JSON, truncated or damaged "
                             f"(column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise InputFileError(f"{where}: nested deeper than {NESTING_DEPTH.describe()}") from None
    check_depth(data, where)
    return data


def check_depth(data: Any, where: str) -> None:
    """Refuse plain data nested deeper than the bound (iterative: deep data cannot crash this check)."""
    limit = NESTING_DEPTH.value
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            raise InputFileError(f"{where}: nested deeper than {NESTING_DEPTH.describe()}")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, (dict, list)))


def compose_yaml(text: str, where: str, loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> yaml.Node | None:
    """The YAML node graph, refused when aliases would expand it beyond the bound or it nests too deeply."""
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        line = f":{exc.problem_mark.line + 1}" if exc.problem_mark else ""
        raise InputFileError(f"{where}{line}: not valid YAML ({exc.problem or exc.context})") from None
    except yaml.YAMLError as exc:
        raise InputFileError(f"{where}: not valid YAML ({str(exc).splitlines()[0]})") from None
    except RecursionError:
        raise InputFileError(f"{where}: nested deeper than {NESTING_DEPTH.describe()}") from None
    if node is not None:
        _check_yaml_size(node, where)
    return node


def construct_yaml(node: yaml.Node | None, where: str,
                   loader: type[yaml.SafeLoader] | yaml.SafeLoader = yaml.SafeLoader) -> Any:
    """Plain data from a node composed (and checked) by ``compose_yaml``; ``loader`` a class or an instance
    (to read what its constructors recorded afterwards)."""
    if node is None:
        return None
    try:
        instance = loader("") if isinstance(loader, type) else loader
        return instance.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        line = f":{exc.problem_mark.line + 1}" if exc.problem_mark else ""
        raise InputFileError(f"{where}{line}: {exc.problem or exc}") from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. 2027-02-31, read as a date
        raise InputFileError(f"{where}: a value cannot be read ({exc})") from None
    except RecursionError:
        raise InputFileError(f"{where}: nested deeper than {NESTING_DEPTH.describe()}") from None


def load_yaml(text: str, where: str, loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> Any:
    return construct_yaml(compose_yaml(text, where, loader), where, loader)


def _check_yaml_size(root: yaml.Node, where: str) -> None:
    """Count the values the document would hold once every alias is expanded, without expanding it."""
    values_limit, depth_limit = YAML_VALUES.value, NESTING_DEPTH.value
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            on_path.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
            if size[key] > values_limit:
                raise InputFileError(f"{where}: aliases expand it beyond {YAML_VALUES.describe()}")
            if depth[key] > depth_limit:
                raise InputFileError(f"{where}: nested deeper than {NESTING_DEPTH.describe()}")
            continue
        if key in size:
            continue
        if key in on_path:
            raise InputFileError(f"{where}:{node.start_mark.line + 1}: an alias refers to itself")
        on_path.add(key)
        if len(on_path) > depth_limit:
            raise InputFileError(f"{where}: nested deeper than {NESTING_DEPTH.describe()}")
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in size)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []
