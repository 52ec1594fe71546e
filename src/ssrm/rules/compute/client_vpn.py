"""EC2 Client VPN rules: client connections are logged (FSBP EC2.51)."""

from __future__ import annotations

from ssrm.model import Domain, Inventory, Layer, Phase, Remediation, Severity, Stage
from ssrm.model.resources.compute.client_vpn import ClientVpnEndpoint
from ssrm.rules.base import Verdict, failed, passed, rule


@rule(
    id="ec2_client_vpn_connection_logging", title="EC2 Client VPN endpoints log client connections",
    description=("A Client VPN endpoint lets remote users into the VPC; without connection logs nobody can tell who "
                 "connected from where and when, nor spot stolen credentials in use."),
    resource_type=ClientVpnEndpoint, layer=Layer.NETWORKS, domain=Domain.THREAT_DETECTION, severity=Severity.LOW,
    stage=Stage.INITIAL_ACCESS, attack=("T1133",), phase=Phase.QUICK_WINS, smm="TD1.2",
    remediation=Remediation(
        text="Turn on connection logging to a CloudWatch Logs group.",
        cli="aws ec2 modify-client-vpn-endpoint --client-vpn-endpoint-id ENDPOINT_ID --connection-log-options "
            "Enabled=true,CloudwatchLogGroup=LOG_GROUP",
        terraform='resource "aws_ec2_client_vpn_endpoint" "this" {\n  connection_log_options {\n'
                  '    enabled               = true\n    cloudwatch_log_group  = aws_cloudwatch_log_group.vpn.name\n'
                  '  }\n}',
    ),
    references=("FSBP EC2.51",),
)
def client_vpn_connection_logging(endpoint: ClientVpnEndpoint, inv: Inventory) -> Verdict:
    if endpoint.connection_logging:
        return passed(f"connections logged to {endpoint.log_group or 'CloudWatch Logs'}")
    return failed("client connection logging is off")
