"""Threat detection over CloudTrail and VPC flow logs: Sigma rules for known threats, behavioural
baselines for unknown ones, all evaluated set-wise in embedded DuckDB.

Modules: ``sources`` (list local/S3 objects), ``checkpoint``, ``ingest`` (files -> ``ct`` table),
``schema`` (columns and Sigma field mapping), ``sigma_backend`` (pySigma -> DuckDB SQL), ``ruleset``
(load and compile rules), ``matching`` (rule and correlation alerts), ``baseline`` (behaviour),
``flows`` (VPC flow logs), ``posture`` (link to assessment findings), ``engine`` (the run),
``output`` (terminal/JSON/OCSF), ``synthetic`` (test and benchmark data), ``cli`` (``ssrm detect``).
"""
