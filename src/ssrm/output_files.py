"""Write a directory of reports all or nothing: every report is rendered first, then each file is put in
place atomically, so a renderer failing half-way leaves the directory as it was."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ssrm.model.atomic import temporary_beside

Renderer = Callable[[dict[str, Any]], str]
PdfWriter = Callable[[dict[str, Any], Path], Path]


def write_report_dir(doc: dict[str, Any], output: Path, renderers: dict[str, Renderer],
                     pdf: tuple[str, PdfWriter] | None = None) -> list[Path]:
    """``{name: render}`` into ``output``; returns the paths written. Raises what a renderer raises
    (nothing is written then) or OSError."""
    rendered = {name: render(doc) for name, render in renderers.items()}
    output.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, text in rendered.items():
            staged.append((_stage(output, name, text.encode("utf-8")), output / name))
        if pdf is not None:
            name, write = pdf
            temporary = _temporary(output, name)
            staged.append((temporary, output / name))
            write(doc, temporary)
        for temporary, final in staged:
            os.replace(temporary, final)
    finally:
        for temporary, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
    return [final for _, final in staged]


def _temporary(output: Path, name: str) -> Path:
    return temporary_beside(output / name)


def _stage(output: Path, name: str, data: bytes) -> Path:
    path = _temporary(output, name)
    path.write_bytes(data)
    return path
