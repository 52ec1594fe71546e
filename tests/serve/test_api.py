"""The JSON API and the pages over SQLite and PostgreSQL: answers, headers, read-only, token."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ssrm.serve.app import create_app
from ssrm.store import open_store
from tests.serve.conftest import fill

PAGES = ("/", "/runs", "/runs/1", "/findings", "/findings?severity=high&status=FAIL", "/diff", "/diff?a=1&b=3",
         "/paths", "/alerts", "/sla")


@pytest.fixture
def client(store: Any) -> TestClient:
    fill(store)
    return TestClient(create_app(open_store(store.url, readonly=True)))


def test_every_page_and_its_security_headers(client: TestClient) -> None:
    for path in PAGES:
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text[:300])
        assert answer.headers["content-security-policy"].startswith("default-src 'none'")
        assert answer.headers["x-frame-options"] == "DENY" and answer.headers["x-content-type-options"] == "nosniff"
        assert not re.search(r'(src|href)="(https?:)?//|url\(', answer.text), path  # no external asset


def test_api_answers(client: TestClient) -> None:
    runs = client.get("/api/runs").json()
    assert [r["id"] for r in runs] == [3, 2, 1] and all(r["status"] == "complete" for r in runs)
    page = client.get("/api/runs/3/findings", params={"status": "FAIL", "severity": "high"}).json()
    assert page["total"] == len(page["findings"]) > 0 and {f["severity"] for f in page["findings"]} == {"high"}
    diff = client.get("/api/diff", params={"a": 1, "b": 2}).json()
    changed = {c["id"]: c["changes"] for c in diff["resources"]["changed"]}
    assert "sg-0ab ingress gained tcp/22 from 0.0.0.0/0" in changed["sg-0ab"]
    assert [p["run"] for p in client.get("/api/trend").json()] == [1, 2, 3]
    fp = page["findings"][0]["fingerprint"]
    assert client.get(f"/api/findings/{fp}").json()["runs"][0]["run_id"] == 3
    assert client.get("/api/runs/999").status_code == 404
    assert client.get("/api/diff", params={"a": 1, "b": 999}).status_code == 404
    assert client.get("/api/runs/1/findings", params={"severity": "nonsense"}).status_code == 422


def test_read_only_no_writes_and_no_swagger_cdn(client: TestClient) -> None:
    assert client.post("/api/runs").status_code == 405
    assert client.delete("/api/runs/1").status_code in (404, 405)
    assert client.get("/docs").status_code == 404
    from sqlalchemy import text

    store = client.app.state.store  # type: ignore[attr-defined]
    with pytest.raises(Exception, match=r"(?i)read.?only|query_only|readonly"), store.session() as s:
        s.execute(text("DELETE FROM runs"))


def test_a_token_is_required_when_set(store: Any) -> None:
    fill(store)
    client = TestClient(create_app(open_store(store.url, readonly=True), token="t0ken-xyz"), follow_redirects=False)
    assert client.get("/api/runs").status_code == 401
    assert client.get("/").headers["location"] == "/login"
    assert client.get("/api/runs", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/api/runs", headers={"Authorization": "Bearer t0ken-xyz"}).status_code == 200
    bad = client.post("/login", content="token=nope", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert bad.headers["location"] == "/login?failed=1"
    good = client.post("/login", content="token=t0ken-xyz",
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert good.status_code == 303 and "httponly" in good.headers["set-cookie"].lower()
    assert client.get("/").status_code == 200  # the cookie the login set
