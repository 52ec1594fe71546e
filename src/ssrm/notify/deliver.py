"""Delivering messages: retries with exponential backoff; what still fails is kept in the store and tried
again by the next run (``ssrm watch`` cycles, ``ssrm notify retry``), so a notification is never lost."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ssrm.notify.channels import Channel, DeliveryError, scrub
from ssrm.notify.events import Event, messages

log = logging.getLogger("ssrm.notify")


@dataclass
class Outcome:
    sent: int = 0
    queued: int = 0
    retried: int = 0
    still_failing: int = 0
    dry_run: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Notifier:
    channels: Sequence[Channel]
    store: Any = None  # ssrm.store.Store: where failed deliveries wait
    digest: bool = True
    dry_run: bool = False
    attempts: int = 4
    backoff: float = 1.0
    sleep: Callable[[float], None] = time.sleep

    def _try(self, channel: Channel, message: dict[str, Any]) -> str | None:
        """Deliver with retries; None when delivered, else the last (scrubbed) error."""
        error = ""
        for attempt in range(self.attempts):
            try:
                channel.deliver(message)
                return None
            except DeliveryError as exc:
                error = scrub(str(exc), channel.secrets)
                log.warning("notification to %s failed (attempt %d/%d): %s", channel.name, attempt + 1,
                            self.attempts, error)
            if attempt + 1 < self.attempts:
                self.sleep(self.backoff * (2 ** attempt))
        return error or "failed"

    def send(self, events: Sequence[Event]) -> Outcome:
        outcome = Outcome()
        if not self.dry_run:
            self.retry_pending(outcome)
        for message in messages(events, digest=self.digest):
            for channel in self.channels:
                if self.dry_run:
                    outcome.dry_run.append({"channel": channel.name, "subject": message["subject"],
                                            "text": message["text"]})
                    continue
                error = self._try(channel, message)
                if error is None:
                    outcome.sent += 1
                elif self.store is not None:
                    self.store.queue_delivery(channel.name, message, error, self.attempts)
                    outcome.queued += 1
                else:
                    outcome.still_failing += 1
        return outcome

    def retry_pending(self, outcome: Outcome | None = None) -> Outcome:
        """Try every delivery the store kept; those that fail again stay kept."""
        outcome = outcome or Outcome()
        if self.store is None:
            return outcome
        by_name = {c.name: c for c in self.channels}
        for pending in self.store.pending_deliveries():
            channel = by_name.get(pending["channel"])
            if channel is None:
                continue  # that channel is not configured in this process: keep it for one that is
            error = self._try(channel, pending["payload"])
            self.store.delivery_done(pending["id"], ok=error is None, error=error or "")
            if error is None:
                outcome.retried += 1
            else:
                outcome.still_failing += 1
        return outcome


def sample_event() -> Event:
    return Event("test", "info", "ssrm notification test", "this channel",
                 "If you read this, ssrm can reach you here.")
