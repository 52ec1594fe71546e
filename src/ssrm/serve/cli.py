"""``ssrm serve``: run the dashboard (uvicorn)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ssrm.cli_common import Failure, QuietOpt
from ssrm.serve.security import is_loopback
from ssrm.store import StoreError, open_store, resolve_store_url

app = typer.Typer(pretty_exceptions_enable=False)
err = Console(stderr=True, soft_wrap=True)
TOKEN_ENV = "SSRM_SERVE_TOKEN"


def read_token(token_file: Path | None) -> str | None:
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise Failure(f"cannot read the token file {token_file}: {exc.strerror}") from exc
        if not token:
            raise Failure(f"the token file {token_file} is empty")
        return token
    return os.environ.get(TOKEN_ENV) or None


@app.command("serve")
def serve(
    store: Annotated[str | None, typer.Option("--store", help="History store (path or postgresql:// URL).")] = None,
    host: Annotated[str, typer.Option(help="Address to bind; any non-loopback address requires a token.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8765,
    token_file: Annotated[Path | None, typer.Option("--token-file", help=f"File holding the access token "
                                                    f"(or set {TOKEN_ENV}).")] = None,
    sla_file: Annotated[Path | None, typer.Option("--sla", help="YAML of SLA days per severity and team.")] = None,
    quiet: QuietOpt = False,
) -> None:
    """A read-only dashboard over the history store: trend, runs, findings, diffs, paths, alerts, SLA.

    It prints nothing but where it listens (on stderr; -q: not even that): it has no --format or --output."""
    import uvicorn

    from ssrm.drift.lifecycle import SlaError, load_sla
    from ssrm.serve.app import create_app

    token = read_token(token_file)
    if not is_loopback(host) and not token:
        raise Failure(f"binding {host} exposes the dashboard beyond this machine: set a token with --token-file "
                      f"or {TOKEN_ENV} (or bind 127.0.0.1)")
    try:
        sla = load_sla(sla_file)
        opened = open_store(resolve_store_url(store, required=True) or "", readonly=True)
    except (StoreError, SlaError) as exc:
        raise Failure(str(exc)) from exc
    if not quiet:
        err.print(f"ssrm dashboard on http://{host}:{port}/ over {opened.label}"
                  + (" (token required)" if token else ""), highlight=False)
    uvicorn.run(create_app(opened, token=token, sla=sla), host=host, port=port, log_level="warning",
                server_header=False)
