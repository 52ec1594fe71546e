"""``ssrm watch``: continuous assessment on an interval and on CloudTrail changes."""
