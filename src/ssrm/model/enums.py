"""The closed vocabularies every other package speaks."""

from __future__ import annotations

from enum import StrEnum


class Layer(StrEnum):
    """Customer-side SSRM layers, top to bottom."""

    APPS = "apps"
    HOSTS = "hosts"
    NETWORKS = "networks"
    CLOUD = "cloud"


class Domain(StrEnum):
    """Domains of the AWS Security Maturity Model v2."""

    GOVERNANCE = "Security governance"
    ASSURANCE = "Security assurance"
    IDENTITY = "Identity and access management"
    THREAT_DETECTION = "Threat detection"
    VULNERABILITY = "Vulnerability management"
    INFRASTRUCTURE = "Infrastructure protection"
    DATA = "Data protection"
    APPSEC = "Application security"
    INCIDENT_RESPONSE = "Incident response"
    RESILIENCY = "Resiliency"


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def weight(self) -> int:
        """Weight in the maturity score: a critical control counts as much as eight low ones."""
        return _SEVERITY_WEIGHT[self]

    @property
    def rank(self) -> int:
        """0 for critical, growing as severity falls; sorts worst first."""
        return list(Severity).index(self)


_SEVERITY_WEIGHT = {
    Severity.CRITICAL: 8,
    Severity.HIGH: 4,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}


class Stage(StrEnum):
    """The five-stage cloud kill chain; each maps onto Lockheed Martin's seven phases."""

    RECON = "recon"
    INITIAL_ACCESS = "initial-access"
    CONTROL = "control"
    DISCOVER_SPREAD = "discover-spread"
    EXFILTRATE = "exfiltrate"

    @property
    def order(self) -> int:
        return list(Stage).index(self)


LOCKHEED_PHASES: dict[Stage, tuple[str, ...]] = {
    Stage.RECON: ("reconnaissance",),
    Stage.INITIAL_ACCESS: ("weaponization", "delivery", "exploitation"),
    Stage.CONTROL: ("installation", "command and control"),
    # Lockheed Martin has no lateral-movement phase: spreading inside the account is the start of acting on
    # objectives, which is how the cloud variant of the chain ties "discover & spread" back to it.
    Stage.DISCOVER_SPREAD: ("actions on objectives",),
    Stage.EXFILTRATE: ("actions on objectives",),
}


class Status(StrEnum):
    PASS = "PASS"
    FAIL = "FAIL"
    ERROR = "ERROR"
    MUTED = "MUTED"
    NOT_APPLICABLE = "NOT_APPLICABLE"


class Phase(StrEnum):
    """Phases of the AWS Security Maturity Model v2, in order."""

    QUICK_WINS = "Quick Wins"
    FOUNDATIONAL = "Foundational"
    EFFICIENT = "Efficient"
    OPTIMIZED = "Optimized"

    @property
    def order(self) -> int:
        return list(Phase).index(self)
