"""Collection gaps: what ssrm tried to read and could not."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Gap(BaseModel):
    """One API (or file) that failed during collection.

    ``resource_types`` names the types whose listing is incomplete because of it: a rule on such a type
    in that region yields ERROR instead of silently evaluating nothing.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: str
    region: str
    api: str
    error: str
    message: str = ""
    resource_types: tuple[str, ...] = ()
    resource: str | None = None
    account: str | None = None  # set by organization scans, where gaps of many accounts are merged

    def describe(self) -> str:
        where = f"{self.service}:{self.api} in {self.region}"
        if self.account:
            where += f" of {self.account}"
        if self.resource:
            where += f" for {self.resource}"
        return f"{where}: {self.error}" + (f" ({self.message})" if self.message else "")
