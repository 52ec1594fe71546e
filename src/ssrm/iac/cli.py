"""``ssrm iac PATH...``: assess Terraform, plan JSON and CloudFormation before anything is deployed.

Exit codes: 0 no FAIL at or above ``--fail-on`` (or no ``--fail-on``); 1 at least one, or a resource ssrm
read but could not map (a bug); 2 bad input, including a file that does not parse (the reports of
everything else are still written first: a gate cannot pass on code it could not read).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ssrm.cli_common import Failure, OutputFileOpt, OutputOpt, QuietOpt, emit_text, err, run_app, write_into
from ssrm.model import Severity

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="Shift left: the same rules on infrastructure code.")


class IacFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


# What ``--output DIR`` writes: every format, the JSON being an assessment the other commands read.
REPORT_FILES = {IacFormat.text: "iac.txt", IacFormat.json: "assessment.json", IacFormat.sarif: "results.sarif"}


@app.command("iac")
def iac(
    paths: Annotated[list[Path], typer.Argument(help="Terraform directories or files, plan JSON files "
                                                "('terraform show -json'), CloudFormation templates.")],
    fmt: Annotated[IacFormat, typer.Option("--format", "-f", help="Output format.")] = IacFormat.text,
    output: OutputOpt = None,
    output_file: OutputFileOpt = None,
    quiet: QuietOpt = False,
    fail_on: Annotated[Severity | None, typer.Option("--fail-on", help="Exit 1 when a FAIL of this severity "
                                                     "or higher is found.", case_sensitive=False)] = None,
    var_file: Annotated[list[Path] | None, typer.Option("--var-file", help="Terraform variables file "
                                                        "(.tfvars or .tfvars.json); repeatable.")] = None,
    var: Annotated[list[str] | None, typer.Option("--var", help="NAME=VALUE for a Terraform variable or a "
                                                  "CloudFormation parameter; repeatable.")] = None,
    store: Annotated[str | None, typer.Option("--store", help="Keep this assessment in a history store.")] = None,
) -> None:
    """Assess infrastructure code with the same rules as a live account."""
    from ssrm.iac.assess import assess_iac
    from ssrm.iac.render import render
    from ssrm.model.bounds import BoundSettingError
    from ssrm.model.outputs import OutputPathError, check_output_dir, check_output_file
    from ssrm.sources.iac.discover import InputError
    from ssrm.sources.iac.loader import MAPPING_FAILED, PARSE_ERRORS, WARNINGS
    from ssrm.sources.iac.terraform.variables import VariableFileError

    try:
        if output_file is not None:  # before reading any code: a wrong path must not cost a long run
            check_output_file(output_file, "--output-file", create_parent=True)
        if output is not None:
            check_output_dir(output, "--output directory")
        assessment = assess_iac(list(paths), var_files=list(var_file or []), variables=list(var or []))
    except (InputError, VariableFileError, OutputPathError, BoundSettingError) as exc:
        raise Failure(str(exc)) from None
    except OSError as exc:
        raise Failure(f"{exc.filename or ''}: {exc.strerror}") from None
    if not assessment.load.records and not assessment.load.errors:
        raise Failure("no Terraform, plan JSON or CloudFormation resources found in " +
                    ", ".join(str(p) for p in paths))
    for message in assessment.load.errors:
        err.print(f"error: {message}", highlight=False, markup=False)
    for gap in assessment.load.inventory.gaps:
        if gap.error in WARNINGS:
            err.print(f"warning: {gap.message}", highlight=False, markup=False)
    if store:
        _keep(store, assessment, paths)
    emit_text(render(assessment, fmt.value), output_file, quiet=quiet)
    if output is not None:
        written = [write_into(output, name, render(assessment, kind.value)) for kind, name in REPORT_FILES.items()]
        if not quiet:
            err.print("Reports written: " + ", ".join(str(p) for p in written), highlight=False)
    # Each problem was one ``error:`` line above; the exit code says the code was not all read (2) or
    # that ssrm could not map what it read (1, a bug), before any gate is considered.
    if any(g.error in PARSE_ERRORS for g in assessment.load.inventory.gaps):
        raise typer.Exit(2)
    if any(g.error == MAPPING_FAILED for g in assessment.load.inventory.gaps):
        raise typer.Exit(1)
    if fail_on is not None:
        failing = assessment.failures_at_or_above(fail_on)
        if failing:
            err.print(f"{len(failing)} finding(s) at or above {fail_on.value}: failing", highlight=False)
            raise typer.Exit(1)


def _keep(store: str, assessment: object, paths: list[Path]) -> None:
    from ssrm.store import StoreError, record_run
    from ssrm.store.record import iac_document

    try:
        doc, inventory = iac_document(assessment)
        info = record_run(store, doc, source="iac", target=" ".join(str(p) for p in paths), inventory=inventory)
    except StoreError as exc:
        raise Failure(str(exc)) from None
    if info is not None:
        err.print(f"run {info.id} kept in the history store", highlight=False)


def main() -> None:
    """Run the command alone (tests, pre-commit) with ssrm's error policy."""
    run_app(app)


if __name__ == "__main__":
    main()
