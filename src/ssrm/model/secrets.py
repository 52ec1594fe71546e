"""Find credentials in free text (user data, environment variables) without ever keeping the secret.

Only a redacted hint leaves this module: the kind of secret, where it was, and a few leading characters
of non-sensitive identifiers (an access key id's first 8 characters), never the secret itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ACCESS_KEY_ID = re.compile(r"\b((?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16})\b")
SECRET_ASSIGNMENT = re.compile(
    r"(?i)aws_?secret_?access_?key\s*[:=]\s*[\"']?([A-Za-z0-9/+=]{40})"
)
PRIVATE_KEY = re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----")
# ``password=x``, ``password: x`` and JSON's ``"password": "x"`` (the key's closing quote is optional).
PASSWORD_ASSIGNMENT = re.compile(
    r"(?i)\b([A-Z0-9_.-]*(?:passw(?:or)?d|pwd|secret|api_?key|token)[A-Z0-9_.-]*)[\"']?\s*[:=]\s*[\"']?"
    r"([^\s\"']{6,})"
)
# ``postgres://admin:PW@host``: credentials in a URL's user-info part.
URL_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*)://([^\s:/@\"']+):([^\s@/\"']+)@")
# ``mysql -pPW``, ``mysqldump -p'PW'``, ``sshpass -p PW``: a password given on a command line.
COMMAND_PASSWORD = re.compile(
    r"(?i)\b(mysql(?:dump|admin|import|show)?|mariadb(?:-dump)?)\b[^\n]*?\s-p[\"']?([^\s\"']{3,})"
    r"|\b(sshpass)\s+-p\s*[\"']?([^\s\"']{3,})"
)
PASSWORD_NAME = re.compile(r"(?i)(passw(?:or)?d|pwd|secret|api_?key|token|private_?key)")
PLACEHOLDER = re.compile(r"(?i)^(\$\{?[A-Z_]+\}?|<[^>]+>|changeme|example|xxx+|\*+|none|null|true|false)$")
REFERENCE = re.compile(r"^(arn:aws|\{\{resolve:|ssm:|secretsmanager:|/)")


@dataclass(frozen=True)
class SecretHint:
    kind: str
    where: str
    hint: str

    def describe(self) -> str:
        return f"{self.kind} in {self.where} ({self.hint})"


def _looks_real(value: str) -> bool:
    return not PLACEHOLDER.match(value) and not REFERENCE.match(value)


def find_secrets(text: str, where: str) -> list[SecretHint]:
    """Credentials in a block of text such as EC2 user data."""
    hints: list[SecretHint] = []
    for match in ACCESS_KEY_ID.finditer(text):
        hints.append(SecretHint("AWS access key id", where, match.group(1)[:8] + "…"))
    if SECRET_ASSIGNMENT.search(text):
        hints.append(SecretHint("AWS secret access key", where, "value redacted"))
    if PRIVATE_KEY.search(text):
        hints.append(SecretHint("private key", where, "PEM block redacted"))
    for match in URL_CREDENTIALS.finditer(text):
        scheme, user, password = match.groups()
        if _looks_real(password):
            hints.append(SecretHint("password in a URL", where, f"{scheme}://{user}:…@"))
    for match in COMMAND_PASSWORD.finditer(text):
        command = match.group(1) or match.group(3)
        password = match.group(2) or match.group(4)
        if _looks_real(password):
            hints.append(SecretHint("password on a command line", where, f"{command} -p…"))
    for match in PASSWORD_ASSIGNMENT.finditer(text):
        name, value = match.group(1), match.group(2)
        if "aws_secret" in name.lower().replace("-", "_"):
            continue
        if _looks_real(value):
            hints.append(SecretHint("password or token", where, f"{name}=…"))
    return hints


def find_secrets_in_env(variables: dict[str, str], where: str) -> list[SecretHint]:
    """Credentials in environment variables (Lambda, ECS task definitions)."""
    hints: list[SecretHint] = []
    for name, value in variables.items():
        place = f"{where} variable {name}"
        found = find_secrets(f"{name}={value}", place)
        if not found and PASSWORD_NAME.search(name) and value and _looks_real(value):
            found = [SecretHint("password or token", place, f"{name}=…")]
        hints.extend(found)
    return hints
