"""What every ssrm command shares: the options of the one grammar (docs/cli.md), writing output, and the
error and exit-code policy (0 done, 1 internal error or a failing ``--fail-on`` gate, 2 usage or input
errors; every error one line on stderr, never a traceback)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from ssrm.model.atomic import write_text_atomic

out = Console()
err = Console(stderr=True, soft_wrap=True)

EXIT_OK = 0
EXIT_GATE = 1  # an internal error, or findings at or above --fail-on
EXIT_USAGE = 2  # bad arguments, unreadable or foreign input, missing credentials


class Failure(Exception):
    """A user-facing failure: one line on stderr and an exit code (2 unless said otherwise)."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Directory to write the reports into.")]
OutputFileOpt = Annotated[Path | None, typer.Option("--output-file", help="Write what would be printed (in "
                          "--format) to this file instead of stdout.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display and no notes on stderr; "
                     "errors still print.")]


def emit_text(text: str, output_file: Path | None, *, quiet: bool = False) -> None:
    """Print ``text`` on stdout, or write it to ``output_file`` and say so on stderr."""
    if output_file is None:
        import sys

        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        if output_file.parent != Path():
            output_file.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(output_file, text if text.endswith("\n") else text + "\n")
    except OSError as exc:
        raise Failure(f"cannot write {output_file}: {exc.strerror or exc}") from exc
    if not quiet:
        err.print(f"written to {output_file}", highlight=False)


def write_into(directory: Path, name: str, text: str) -> Path:
    """``text`` as the file ``name`` inside ``directory`` (``--output DIR`` of single-view commands)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / name
        write_text_atomic(path, text if text.endswith("\n") else text + "\n")
    except OSError as exc:
        raise Failure(f"cannot write reports to {directory}: {exc.strerror or exc}") from exc
    return path


def usage_line(exc: Exception) -> str:
    """A usage error of the argument parser as one line, naming the command and where its help is."""
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "command_path", "") or "ssrm"
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    return f"error: {message} (see '{command} --help')"


def _parser_error(exc: Exception) -> bool:
    """A usage or parameter error raised by the argument parser (typer's vendored click)."""
    return isinstance(getattr(exc, "exit_code", None), int) and hasattr(exc, "format_message")


def run_app(app: Callable[..., Any], *, expected: tuple[type[Exception], ...] = ()) -> None:
    """Run a typer app with ssrm's error policy, then exit with its code.

    ``expected`` are exception types whose message is already a one-line user error (exit 2).
    """
    try:
        code = app(standalone_mode=False)  # in this mode the parser returns the exit code instead of raising it
        raise SystemExit(code if isinstance(code, int) else EXIT_OK)
    except Failure as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise SystemExit(exc.code) from None
    except expected as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise SystemExit(EXIT_USAGE) from None
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except (typer.Abort, KeyboardInterrupt):
        err.print("interrupted")
        raise SystemExit(130) from None
    except Exception as exc:  # the last line of defence: one line, never a traceback
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()  # type: ignore[attr-defined]  # prints the command's help, as a bare command asks
            raise SystemExit(EXIT_USAGE) from None
        if _parser_error(exc):
            err.print(usage_line(exc), highlight=False, markup=False)
            raise SystemExit(EXIT_USAGE) from None
        if os.environ.get("SSRM_DEBUG"):
            raise
        err.print(f"[red]internal error:[/] {type(exc).__name__}: {exc} (set SSRM_DEBUG=1 for details)",
                  highlight=False)
        raise SystemExit(EXIT_GATE) from None
