"""The data, analytics and security-service tables, registered with both front ends in one place."""

from __future__ import annotations

from collections.abc import Callable

from ssrm.model import Resource
from ssrm.sources.iac.mapping import table, tables_analytics, tables_data, tables_security
from ssrm.sources.iac.mapping.build import Links
from ssrm.sources.iac.raw import RawResource

Mapper = Callable[[RawResource, Links], list[Resource]]

TABLES: list[table.Table] = [*tables_data.TABLES, *tables_analytics.TABLES, *tables_security.TABLES]
TERRAFORM_COMPANIONS = tables_data.TERRAFORM_COMPANIONS | tables_security.TERRAFORM_COMPANIONS
CLOUDFORMATION_COMPANIONS = tables_data.CLOUDFORMATION_COMPANIONS | tables_security.CLOUDFORMATION_COMPANIONS


def _security_contacts_only(mapper: Mapper) -> Mapper:
    """``aws_account_alternate_contact`` also declares billing and operations contacts: only the SECURITY one
    is the account's security contact (a contact type known only at apply is kept, with its doubt)."""
    def mapped(raw: RawResource, links: Links) -> list[Resource]:
        kind = raw.attrs.get("alternate_contact_type")
        if isinstance(kind, str) and kind.upper() != "SECURITY":
            return []
        return mapper(raw, links)

    return mapped


def mappers(fmt: str, ids_of: Callable[[RawResource], dict[str, str]]) -> dict[str, Mapper]:
    found = table.mappers(TABLES, fmt, ids_of)
    if "aws_account_alternate_contact" in found:
        found["aws_account_alternate_contact"] = _security_contacts_only(found["aws_account_alternate_contact"])
    return found
