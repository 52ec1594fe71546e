"""The organization options of ``ssrm scan`` (docs/org.md); light to import, so ``ssrm`` starts fast."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DEFAULT_MEMBER_ROLE = "OrganizationAccountAccessRole"
DEFAULT_CHECKPOINT_DIR = Path(".ssrm") / "runs"
PANEL = "Organization (--org)"

OrgOpt = Annotated[bool, typer.Option("--org", help="Scan every account of the organization (from the management "
                                      "account or a delegated administrator).", rich_help_panel=PANEL)]
MemberRoleOpt = Annotated[str, typer.Option("--member-role", help="Role assumed in each member account "
                                            "(--external-id if it requires one).", rich_help_panel=PANEL)]
AccountsOpt = Annotated[list[str] | None, typer.Option("--accounts", help="Only these accounts (ids or names).",
                                                       rich_help_panel=PANEL)]
OusOpt = Annotated[list[str] | None, typer.Option("--ous", help="Only accounts under these OUs (id, name or path "
                                                  "such as Root/Prod).", rich_help_panel=PANEL)]
ExcludeOpt = Annotated[list[str] | None, typer.Option("--exclude", help="Leave these accounts or OUs out.",
                                                      rich_help_panel=PANEL)]
ClusterOpt = Annotated[str | None, typer.Option("--cluster", help="Dask scheduler address (tcp://host:8786); "
                                                "default: a pool in this process.", rich_help_panel=PANEL)]
WorkersOpt = Annotated[int, typer.Option("--workers", help="Threads of the local pool.", rich_help_panel=PANEL)]
CheckpointDirOpt = Annotated[Path, typer.Option("--checkpoint-dir", help="Where runs are checkpointed.",
                                                rich_help_panel=PANEL)]
ResumeOpt = Annotated[str | None, typer.Option("--resume", help="Continue this interrupted organization run (its "
                                               "id or directory).", rich_help_panel=PANEL)]
MaxAgeOpt = Annotated[str | None, typer.Option("--max-age", help="With --resume: collect again the units older "
                                               "than this (90m, 12h, 7d).", rich_help_panel=PANEL)]
