"""Is a subnet public? The containers rules ask the one network view (``ssrm.network``)."""

from __future__ import annotations

from ssrm.network import public_subnets

__all__ = ["public_subnets"]
