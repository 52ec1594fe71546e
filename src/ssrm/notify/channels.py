"""Where notifications go: a JSON webhook, a Slack-compatible webhook, e-mail over SMTP, an SNS topic.

Every secret (webhook URLs, the SMTP password) is read from the environment or from a file named by the
environment (``NAME_FILE``), never from the command line, and never written to a log, an error message or
the store: a channel is named by its kind, and errors are scrubbed of every secret it holds.
"""

from __future__ import annotations

import json
import os
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

PREFIX = "SSRM_NOTIFY_"
TIMEOUT = 15.0


class ConfigError(ValueError):
    """A channel is configured wrongly; one line for the user, with no secret in it."""


class DeliveryError(Exception):
    """One attempt to deliver failed (the message is already scrubbed of secrets)."""


class Channel(Protocol):
    name: str
    secrets: tuple[str, ...]

    def deliver(self, message: Mapping[str, Any]) -> None: ...


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def setting(name: str, env: Mapping[str, str] | None = None) -> str | None:
    """``SSRM_NOTIFY_<name>``, or the content of the file named by ``SSRM_NOTIFY_<name>_FILE``."""
    env = os.environ if env is None else env
    value = env.get(PREFIX + name)
    if value:
        return value.strip()
    path = env.get(PREFIX + name + "_FILE")
    if not path:
        return None
    try:
        return Path(path).read_text(encoding="utf-8").strip() or None
    except OSError as exc:
        raise ConfigError(f"cannot read {PREFIX}{name}_FILE ({path}): {exc.strerror}") from exc


def _post_json(url: str, body: Mapping[str, Any], secrets: tuple[str, ...]) -> None:
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/json", "User-Agent": "ssrm"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            answer.read()
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(scrub(f"cannot reach the endpoint: {reason}", secrets)) from None


@dataclass
class Webhook:
    """POSTs the generic JSON document (see docs/continuous.md) to any URL."""

    url: str
    name: str = "webhook"
    secrets: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.secrets = (self.url,)

    def deliver(self, message: Mapping[str, Any]) -> None:
        _post_json(self.url, message["json"], self.secrets)


@dataclass
class Slack:
    """Slack incoming webhooks and the many tools that accept their ``text``/``blocks`` body."""

    url: str
    name: str = "slack"
    secrets: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.secrets = (self.url,)

    def deliver(self, message: Mapping[str, Any]) -> None:
        _post_json(self.url, message["slack"], self.secrets)


@dataclass
class Email:
    host: str
    port: int
    sender: str
    recipients: list[str]
    user: str | None = None
    password: str | None = None
    tls: str = "none"  # none | starttls | ssl
    name: str = "email"
    secrets: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        self.secrets = tuple(s for s in (self.password,) if s)

    def deliver(self, message: Mapping[str, Any]) -> None:
        mail = EmailMessage()
        mail["Subject"], mail["From"], mail["To"] = message["subject"], self.sender, ", ".join(self.recipients)
        mail.set_content(message["text"])
        try:
            if self.tls == "ssl":
                client: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT,
                                                        context=ssl.create_default_context())
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
            with client:
                if self.tls == "starttls":
                    client.starttls(context=ssl.create_default_context())
                if self.user:
                    client.login(self.user, self.password or "")
                client.send_message(mail)
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(scrub(f"SMTP {self.host}:{self.port}: {exc}", self.secrets)) from None


@dataclass
class Sns:
    topic_arn: str
    name: str = "sns"
    secrets: tuple[str, ...] = ()
    client: Any = None

    def deliver(self, message: Mapping[str, Any]) -> None:
        import boto3
        from botocore.exceptions import BotoCoreError, ClientError

        region = self.topic_arn.split(":")[3] if self.topic_arn.count(":") >= 5 else None
        client = self.client or boto3.client("sns", region_name=region)
        try:
            client.publish(TopicArn=self.topic_arn, Subject=message["subject"][:100],
                           Message=json.dumps(message["json"]))
        except (BotoCoreError, ClientError) as exc:
            raise DeliveryError(f"SNS publish failed: {exc}") from None


def _email(env: Mapping[str, str] | None) -> Email | None:
    url = setting("SMTP_URL", env)
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps", "smtp+starttls") or not parts.hostname:
        raise ConfigError(f"{PREFIX}SMTP_URL must look like smtp://[user@]host[:port] (or smtps://, smtp+starttls://)")
    if parts.password:
        raise ConfigError(f"{PREFIX}SMTP_URL must not carry the password: put it in {PREFIX}SMTP_PASSWORD "
                          f"or {PREFIX}SMTP_PASSWORD_FILE")
    sender = setting("EMAIL_FROM", env)
    recipients = [r.strip() for r in (setting("EMAIL_TO", env) or "").split(",") if r.strip()]
    if not sender or not recipients:
        raise ConfigError(f"e-mail needs {PREFIX}EMAIL_FROM and {PREFIX}EMAIL_TO as well as {PREFIX}SMTP_URL")
    tls = {"smtps": "ssl", "smtp+starttls": "starttls"}.get(parts.scheme, "none")
    port = parts.port or {"ssl": 465, "starttls": 587}.get(tls, 25)
    return Email(host=parts.hostname, port=port, sender=sender, recipients=recipients,
                 user=unquote(parts.username) if parts.username else None,
                 password=setting("SMTP_PASSWORD", env), tls=tls)


def configured_channels(env: Mapping[str, str] | None = None) -> list[Channel]:
    """Every channel the environment configures (possibly none)."""
    channels: list[Channel] = []
    for key, kind in (("WEBHOOK_URL", Webhook), ("SLACK_URL", Slack)):
        url = setting(key, env)
        if url:
            if not url.startswith(("https://", "http://")):
                raise ConfigError(f"{PREFIX}{key} must be an http(s) URL")
            channels.append(kind(url))
    email = _email(env)
    if email:
        channels.append(email)
    topic = setting("SNS_TOPIC_ARN", env)
    if topic:
        if not topic.startswith("arn:") or topic.count(":") < 5:
            raise ConfigError(f"{PREFIX}SNS_TOPIC_ARN is not a topic ARN")
        channels.append(Sns(topic))
    return channels
