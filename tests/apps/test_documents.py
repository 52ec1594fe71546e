from __future__ import annotations

from ssrm.sources.aws.collectors.apps.documents import read_document
from ssrm.sources.aws.context import Reply


def test_read_document_parses_and_records_what_it_cannot_read() -> None:
    unknown: dict[str, str] = {}
    assert read_document(Reply(data={"Policy": '{"Statement": []}'}), "Policy", "policy", unknown) == {"Statement": []}
    assert read_document(Reply(absent=True, error="ResourceNotFoundException"), "Policy", "policy", unknown) is None
    assert unknown == {}
    assert read_document(Reply(data={"Policy": "{not json"}), "Policy", "policy", unknown) is None
    assert "policy" in unknown
    denied: dict[str, str] = {}
    assert read_document(Reply(error="AccessDenied", message="no"), "Policy", "policy", denied) is None
    assert denied == {"policy": "AccessDenied: no"}
