"""Run an ssrm entry point in-process as a user's shell would: real argument parsing, ssrm's error policy
and exit codes (``ssrm.cli_common.run_app``), stdout and stderr captured apart."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str


def invoke(main: Callable[[], None], *args: str, prog: str = "ssrm") -> Ran:
    stdout, stderr = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = [prog, *args]
    code = 0
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = saved
    return Ran(code, stdout.getvalue(), stderr.getvalue())
