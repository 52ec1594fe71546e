"""``ssrm serve``: a read-only dashboard and JSON API over the history store."""
