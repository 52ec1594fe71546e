"""What ``ssrm watch`` prints for every run it keeps (a cycle or a trail refresh), in the CLI grammar:
one line per run on stdout (``-f text``) or one JSON object per line (``-f json``), appended to
``--output-file`` instead when given; with ``-o DIR`` each run's diff against the previous run is also
written there as ``diff-A-B.md`` and ``diff-A-B.json``."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ssrm.cli_common import Failure, err, write_into

if TYPE_CHECKING:
    from ssrm.watch.cycle import CycleResult


def summary(counts: dict[str, int]) -> str:
    if not counts:
        return "first run of this account"
    return ", ".join(f"{counts.get(k, 0)} {k}" for k in ("new", "regressed", "resolved", "unknown"))


@dataclass
class RunReporter:
    fmt: str = "text"  # text | json
    output: Path | None = None
    output_file: Path | None = None
    quiet: bool = False
    dry_run: bool = False

    def check(self) -> None:
        """Fail now, not an hour into the watch, when the output file cannot be written."""
        if self.output_file is None:
            return
        try:
            if self.output_file.parent != Path():
                self.output_file.parent.mkdir(parents=True, exist_ok=True)
            with self.output_file.open("a", encoding="utf-8"):
                pass
        except OSError as exc:
            raise Failure(f"cannot write {self.output_file}: {exc.strerror or exc}") from exc

    def __call__(self, result: CycleResult, trigger: str = "interval") -> None:
        run = result.run
        if run is None:
            return
        if self.fmt == "json":
            line = json.dumps(self.record(result, trigger), default=str)
        else:
            via = "trail refresh → " if trigger == "trail" else ""
            line = (f"{via}run {run.id} ({run.status}): {summary(result.counts)}; "
                    f"{len(result.events)} event(s) to notify")
            if self.dry_run:
                line += "".join(f"\n  would notify: {e.line()}" for e in result.events)
        self.write(line)
        if self.output is not None and result.diff is not None:
            self.write_diff(result)

    def record(self, result: CycleResult, trigger: str) -> dict[str, Any]:
        assert result.run is not None
        return {"run": result.run.as_dict(), "trigger": trigger, "counts": result.counts,
                "events": [e.line() for e in result.events],
                "diff_with": result.diff.base.id if result.diff is not None else None}

    def write(self, line: str) -> None:
        if self.output_file is None:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
            return
        try:
            with self.output_file.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        except OSError as exc:  # a full disk must not end the watch: say so and go on
            err.print(f"[red]error:[/] cannot write {self.output_file}: {exc.strerror or exc}", highlight=False)

    def write_diff(self, result: CycleResult) -> None:
        from ssrm.drift.render import render_diff_json, render_diff_markdown

        diff, directory = result.diff, self.output
        assert diff is not None and directory is not None
        name = f"diff-{diff.base.id}-{diff.head.id}"
        try:
            written = [write_into(directory, f"{name}.md", render_diff_markdown(diff)),
                       write_into(directory, f"{name}.json", render_diff_json(diff))]
        except Failure as exc:
            err.print(f"[red]error:[/] {exc}", highlight=False)
            return
        if not self.quiet:
            err.print(f"diff written to {written[0]}", highlight=False)
