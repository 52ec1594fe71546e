"""Validate every input the command line names, at the boundary, before any collection or assessment.

A broken mutelist, crown-jewels file, assessment, ``--output`` or ``--save`` path, or a nonsense option
value is one ``InputProblem`` (one line, exit 2) raised in the first second, never after a long scan.
The loaded mutelist and crown jewels are returned so they are read once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ssrm.model.assessment_doc import AssessmentDocError, validated_assessment
from ssrm.model.bounds import ALL_BOUNDS, BoundSettingError
from ssrm.model.outputs import OutputPathError, check_output_dir, check_output_file
from ssrm.model.safe_parse import InputFileError, loads_json, read_text

if TYPE_CHECKING:
    from ssrm.engine.suppress import MuteList
    from ssrm.paths.crown_jewels import CrownJewels

CONTROL_STATUSES = ("PASS", "FAIL", "ERROR", "MANUAL", "NOT_COVERED", "NOT_APPLICABLE", "MUTED")


class InputProblem(Exception):
    """Bad input named on the command line: one line for the user, exit 2."""


@dataclass
class RunInputs:
    """What a scan/assess/demo run reads besides the account: checked and loaded up front."""

    mutelist: MuteList | None = None
    crown_jewels: CrownJewels | None = None


def check_bounds() -> None:
    """Every SSRM_MAX_* variable that is set holds a positive whole number."""
    for bound in ALL_BOUNDS:
        try:
            _ = bound.value
        except BoundSettingError as exc:
            raise InputProblem(str(exc)) from None


def prepare_run(*, mutelist: Path | None = None, crown_jewels: Path | None = None, output: Path | None = None,
                output_file: Path | None = None, save: Path | None = None) -> RunInputs:
    """Check (and load) the files and paths a run names, in the order a user would fix them."""
    check_bounds()
    inputs = RunInputs()
    if mutelist is not None:
        inputs.mutelist = load_mutelist_checked(mutelist)
    if crown_jewels is not None:
        inputs.crown_jewels = load_crown_jewels_checked(crown_jewels)
    try:
        if output is not None:
            check_output_dir(output, "--output directory")
        if output_file is not None:
            check_output_file(output_file, "--output-file", create_parent=True)
        if save is not None:
            check_output_file(save, "--save file", create_parent=True)
    except OutputPathError as exc:
        raise InputProblem(str(exc)) from None
    return inputs


def load_mutelist_checked(path: Path) -> MuteList:
    from ssrm.engine.suppress import SuppressionError, load_mutelist

    try:
        return load_mutelist(path)
    except SuppressionError as exc:
        raise InputProblem(str(exc)) from None


def load_crown_jewels_checked(path: Path) -> CrownJewels:
    from ssrm.paths.crown_jewels import CrownJewelError, load_crown_jewels

    try:
        return load_crown_jewels(path)
    except CrownJewelError as exc:
        raise InputProblem(str(exc)) from None


def read_assessment(path: Path) -> dict[str, Any]:
    """An assessment JSON written by scan, assess or demo, checked against the schema."""
    try:
        return validated_assessment(loads_json(read_text(path, "assessment"), str(path)), str(path))
    except (InputFileError, AssessmentDocError) as exc:
        raise InputProblem(str(exc)) from None


def check_limit(value: int, option: str = "--limit") -> int:
    if value < 1:
        raise InputProblem(f"{option} {value}: expected a whole number of 1 or more")
    return value


def check_control_status(value: str | None) -> str | None:
    """``--status`` of ``ssrm compliance``: one of the control statuses, any case."""
    if value is None:
        return None
    status = value.strip().upper()
    if status not in CONTROL_STATUSES:
        raise InputProblem(f"--status {value!r}: expected one of {', '.join(CONTROL_STATUSES)}")
    return status
