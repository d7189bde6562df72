"""Infrastructure endpoints (not a rule module): the paths a platform calls on every
service (health probes, metrics scrapes) rather than the API's clients. NAM-002, TRC-001
and ERR-001 skip them (ruleset var ``infraPaths``, docs/rules/NAM-002.md).

An entry matches a path template exactly or as a whole-segment prefix: ``/healthz``
matches ``/healthz`` and ``/healthz/ready`` (Kubernetes' per-check ``/livez/etcd``, Spring's
``/actuator/health/liveness`` under ``/actuator``) but not ``/healthzx`` nor ``/v1/healthz``.
Paths are compared as written in ``paths`` (case-sensitive, as URL paths are); a server
URL's base path is not prepended.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# The option the three rules take (``{{vars.infraPaths}}``), for their schemas.
INFRA_PATHS_SCHEMA: dict[str, Any] = {
    "type": "array", "items": {"type": "string", "pattern": "^/"}, "maxItems": 1000,
}


def infra_paths(options: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The entries of option ``infraPaths`` without trailing slashes (``/`` itself is
    ignored: it would match every path)."""
    raw = (options or {}).get("infraPaths") or ()
    return tuple(p.rstrip("/") for p in raw if isinstance(p, str) and p.rstrip("/"))


def is_infra(template: str, entries: Iterable[str]) -> bool:
    """Whether path ``template`` is one of ``entries`` or lies under one of them."""
    return any(template == e or template.startswith(e + "/") for e in entries)
