"""Notifications: webhook, Slack, e-mail and SNS, with retries and a kept outbox."""

from ssrm.notify.channels import ConfigError, DeliveryError, configured_channels
from ssrm.notify.deliver import Notifier, Outcome, sample_event
from ssrm.notify.events import Event, events_from_alerts, events_from_diff, messages

__all__ = ["ConfigError", "DeliveryError", "Event", "Notifier", "Outcome", "configured_channels",
           "events_from_alerts", "events_from_diff", "messages", "sample_event"]
