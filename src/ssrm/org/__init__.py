"""Organization-wide assessment: every member account, on a local pool or a Dask cluster, resumable.

See docs/org.md. The unit of work is (account, region, service group); ``runner`` plans and runs them,
``merge`` builds one assessment with a per-account breakdown, ``integrations`` lists who outside the
organization can get in.
"""
