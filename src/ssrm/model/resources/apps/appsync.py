"""AppSync GraphQL APIs with their field-level logging and their cache, if any."""

from __future__ import annotations

from ssrm.model.resource import Resource, resource_type


@resource_type
class AppSyncGraphqlApi(Resource):
    resource_type = "AWS::AppSync::GraphQLApi"
    service = "appsync"

    field_log_level: str = "NONE"  # logConfig.fieldLogLevel: NONE, ERROR, INFO, DEBUG or ALL
    cache: bool = False  # an API cache exists
    cache_encrypted_at_rest: bool = False
    cache_encrypted_in_transit: bool = False
