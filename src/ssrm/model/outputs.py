"""Check output paths before any work is done: a wrong ``--output`` must fail in a second, not after a scan.

The checks write a probe file rather than trust permission bits, which say nothing for root or for
read-only and virtual file systems.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputPathError(ValueError):
    """An output path that cannot be written; the message is one line for the user."""


def _probe(directory: Path, what: str, path: Path) -> None:
    try:
        fd, name = tempfile.mkstemp(prefix=".ssrm-probe.", dir=directory)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        raise OutputPathError(f"{what} {path}: cannot write in {directory} ({exc.strerror or exc})") from None


def check_output_file(path: Path, what: str = "output file", *, create_parent: bool = False) -> None:
    """``path`` can be created or replaced as a file (its directory created now with ``create_parent``)."""
    if path.is_dir():
        raise OutputPathError(f"{what} {path} is a directory; name a file")
    parent = path.parent if str(path.parent) else Path(".")
    if create_parent and not parent.exists():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputPathError(f"{what} {path}: {parent} cannot be created ({exc.strerror or exc})") from None
    if parent.exists() and not parent.is_dir():
        raise OutputPathError(f"{what} {path}: {parent} is a file, not a directory")
    if not parent.is_dir():
        raise OutputPathError(f"{what} {path}: the directory {parent} does not exist")
    _probe(parent, what, path)


def check_output_dir(path: Path, what: str = "output directory") -> None:
    """``path`` is a writable directory, or can be created (it is created now)."""
    if path.exists() and not path.is_dir():
        raise OutputPathError(f"{what} {path} is a file, not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputPathError(f"{what} {path} cannot be created ({exc.strerror or exc})") from None
    _probe(path, what, path)
