"""Who may read the dashboard, and the headers every answer carries.

On a loopback address the dashboard is open to the local user (unless a token is set anyway). On any other
address a token is required: ``Authorization: Bearer <token>``, or the cookie the login form sets. Tokens are
compared in constant time (``hmac.compare_digest``).
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Awaitable, Callable

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

COOKIE = "ssrm_token"
OPEN_PATHS = frozenset({"/login", "/static/app.css", "/static/favicon.svg", "/favicon.ico"})
HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cache-Control": "no-store",
}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def token_matches(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


class Guard(BaseHTTPMiddleware):
    def __init__(self, app: object, token: str | None) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.token = token

    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if self.token and request.url.path not in OPEN_PATHS and not self._allowed(request):
            if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
                response: Response = JSONResponse({"detail": "a token is required"}, status_code=401,
                                                  headers={"WWW-Authenticate": "Bearer"})
            else:
                response = RedirectResponse("/login", status_code=303)
        else:
            response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def _allowed(self, request: Request) -> bool:
        assert self.token is not None
        header = request.headers.get("authorization", "")
        bearer = header[7:].strip() if header.lower().startswith("bearer ") else None
        return token_matches(bearer, self.token) or token_matches(request.cookies.get(COOKIE), self.token)
