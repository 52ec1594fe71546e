"""``ssrm iac PATH...``: assess Terraform, plan JSON and CloudFormation before anything is deployed.

Exit codes: 0 no FAIL at or above ``--fail-on`` (or no ``--fail-on``); 1 at least one; 2 bad input,
including a file that does not parse (the report of everything else is still written first, and a gate
cannot pass on code it could not read).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ssrm.model import Severity

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="Shift left: the same rules on infrastructure code.")


class IacFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


def _fail(message: str) -> SystemExit:
    """A usage error: one line on stderr, exit 2.

    SystemExit rather than typer.Exit: click, run with ``standalone_mode=False`` as the main CLI does,
    returns an Exit's code instead of raising it, and the code would be lost.
    """
    typer.echo(f"error: {message}", err=True)
    return SystemExit(2)


@app.command("iac")
def iac(
    paths: Annotated[list[Path], typer.Argument(help="Terraform directories or files, plan JSON files "
                                                "('terraform show -json'), CloudFormation templates.")],
    fmt: Annotated[IacFormat, typer.Option("--format", "-f", help="Output format.")] = IacFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    fail_on: Annotated[Severity | None, typer.Option("--fail-on", help="Exit 1 when a FAIL of this severity "
                                                     "or higher is found.", case_sensitive=False)] = None,
    var_file: Annotated[list[Path] | None, typer.Option("--var-file", help="Terraform variables file "
                                                        "(.tfvars or .tfvars.json); repeatable.")] = None,
    var: Annotated[list[str] | None, typer.Option("--var", help="NAME=VALUE for a Terraform variable or a "
                                                  "CloudFormation parameter; repeatable.")] = None,
) -> None:
    """Assess infrastructure code with the same rules as a live account."""
    from ssrm.model.atomic import write_text_atomic
    from ssrm.model.bounds import BoundSettingError
    from ssrm.model.outputs import OutputPathError, check_output_file
    from ssrm.sources.iac.assess import assess_iac
    from ssrm.sources.iac.discover import InputError
    from ssrm.sources.iac.loader import MAPPING_FAILED, PARSE_ERRORS, WARNINGS
    from ssrm.sources.iac.render import render
    from ssrm.sources.iac.terraform.variables import VariableFileError

    try:
        if output is not None:
            check_output_file(output)  # before reading any code: a wrong path must not cost a long run
        assessment = assess_iac(list(paths), var_files=list(var_file or []), variables=list(var or []))
    except (InputError, VariableFileError, OutputPathError, BoundSettingError) as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"{exc.filename or ''}: {exc.strerror}") from None
    if not assessment.load.records and not assessment.load.errors:
        raise _fail("no Terraform, plan JSON or CloudFormation resources found in " +
                    ", ".join(str(p) for p in paths))
    for message in assessment.load.errors:
        typer.echo(f"error: {message}", err=True)
    for gap in assessment.load.inventory.gaps:
        if gap.error in WARNINGS:
            typer.echo(f"warning: {gap.message}", err=True)
    text = render(assessment, fmt.value)
    if output is not None:
        try:
            write_text_atomic(output, text)
        except OSError as exc:
            raise _fail(f"{output}: cannot write: {exc.strerror}") from None
        typer.echo(f"{fmt.value} report written to {output}", err=True)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    # Each problem was one ``error:`` line above; the exit code says the code was not all read (2) or
    # that ssrm could not map what it read (1, a bug), before any gate is considered.
    if any(g.error in PARSE_ERRORS for g in assessment.load.inventory.gaps):
        raise SystemExit(2)
    if any(g.error == MAPPING_FAILED for g in assessment.load.inventory.gaps):
        raise SystemExit(1)
    if fail_on is not None:
        failing = assessment.failures_at_or_above(fail_on)
        if failing:
            typer.echo(f"{len(failing)} finding(s) at or above {fail_on.value}: failing", err=True)
            raise SystemExit(1)


def main() -> None:
    """Run the command alone (tests, pre-commit): one-line errors, never a traceback."""
    try:
        code = app(standalone_mode=False)  # click returns an Exit's code instead of raising here
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except Exception as exc:
        if hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()
            raise SystemExit(exc.exit_code) from None
        typer.echo(f"internal error: {type(exc).__name__}: {exc}", err=True)
        raise SystemExit(1) from None
    raise SystemExit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
