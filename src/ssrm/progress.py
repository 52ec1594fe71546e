"""Scan progress on a terminal: one bar per service, advancing per region. Silent when piped or quiet."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn


class RichScanProgress:
    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("[bold]{task.description:<16}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("regions"), TimeElapsedColumn(), console=console, transient=True,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> RichScanProgress:
        self._progress.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._progress.stop()

    def planned(self, tasks: dict[str, int]) -> None:
        for name, total in sorted(tasks.items()):
            self._tasks[name] = self._progress.add_task(name, total=total)

    def done(self, collector: str, region: str) -> None:
        self._progress.advance(self._tasks[collector])


def wants_progress(console: Console, quiet: bool) -> bool:
    return console.is_terminal and not quiet
