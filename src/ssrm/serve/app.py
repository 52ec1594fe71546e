"""``create_app``: the dashboard over a store, read-only, with its JSON API."""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path
from urllib.parse import parse_qs

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from ssrm import __version__
from ssrm.drift.lifecycle import Sla
from ssrm.serve import api, pages
from ssrm.serve.html import page
from ssrm.serve.security import COOKIE, Guard, token_matches
from ssrm.store import Store, StoreError

log = logging.getLogger("ssrm.serve")
STATIC = Path(__file__).parent / "static"


def create_app(store: Store, *, token: str | None = None, sla: Sla | None = None) -> FastAPI:
    app = FastAPI(title="ssrm dashboard API", version=__version__, docs_url=None, redoc_url=None,
                  description="Read-only access to the ssrm history store: runs, findings, diffs, trend, alerts, SLA.")
    app.state.store = store
    app.state.sla = sla or Sla()
    app.add_middleware(Guard, token=token)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return RedirectResponse("/static/favicon.svg", status_code=301)

    @app.get("/login", include_in_schema=False, response_class=HTMLResponse)
    def login_form(failed: int = 0) -> str:
        note = '<div class="banner err" role="alert">That token is not right.</div>' if failed else ""
        return page("Sign in", note + '<form class="filters" method="post" action="/login"><label>Token'
                    '<input type="password" name="token" id="token" autocomplete="current-password"></label>'
                    '<button type="submit" id="sign-in">Sign in</button></form>')

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = parse_qs((await request.body())[:4096].decode("utf-8", "replace"))
        token_given = (form.get("token") or [""])[0]
        if token and token_matches(token_given, token):
            response = RedirectResponse("/", status_code=303)
            response.set_cookie(COOKIE, token_given, httponly=True, samesite="strict")
            return response
        return RedirectResponse("/login?failed=1", status_code=303)

    @app.exception_handler(StoreError)
    def store_error(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc)}, status_code=503)
        return HTMLResponse(page("Store unavailable", f'<div class="banner err">{escape(str(exc))}</div>'), 503)

    @app.exception_handler(HTTPException)
    def http_error(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return HTMLResponse(page(f"{exc.status_code}", f'<div class="banner err">{escape(str(exc.detail))}</div>'),
                            exc.status_code)

    return app
