"""operations collectors."""

from ssrm.sources.aws.collector import Collector

COLLECTORS: tuple[Collector, ...] = ()
