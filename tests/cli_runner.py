"""Run ssrm as a user's shell would: in-process through an entry point (real argument parsing, ssrm's error
policy and exit codes, stdout and stderr captured apart), or as a child process (``run_ssrm``)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
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


SSRM = [sys.executable, "-m", "ssrm"]


def run_ssrm(*args: str, env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a child process, as a user would."""
    proc = subprocess.run([*SSRM, *args], capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"ssrm {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc
