"""The service governance config's runtime settings: config hot reload (RES-003) and
structured logging (LOG-001)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.governance._values import as_list

_WATCH_SCHEMA = {
    "type": "object",
    "properties": {
        "defaultWatch": {"type": "boolean"},
        "changeEventSources": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": False,
}


@rule_function("configWatch", schema=_WATCH_SCHEMA)
def config_watch(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result] | None:
    """RES-003: hot reload only on a config source that delivers change events.

    ``defaultWatch`` is what an absent ``config.watch`` means under the governance version
    (3.1 runtimes reload by default, 3.2 made it opt-in)."""
    if not isinstance(target, dict):
        return None
    config = target.get("config")
    if not isinstance(config, dict):
        return None
    default = options.get("defaultWatch", False)
    watch = config.get("watch", default)
    if watch is not True:
        return None
    sources = options.get("changeEventSources", ["etcd", "consul", "nacos"])
    source = config.get("source")
    if source in sources:
        return None
    how = "watch: true" if "watch" in config else "hot reload is on by default"
    path = ("config", "watch") if "watch" in config else ("config",)
    return [Result(f"{how}, but config source {source!r} delivers no change events "
                   f"(use {', '.join(sources)}, or set config.watch: false)", path)]


_LOG_SCHEMA = {
    "type": "object",
    "properties": {"fields": {"type": "array", "items": {"type": "string"}}},
    "additionalProperties": False,
}
_UNSTRUCTURED = frozenset({"console", "text"})


@rule_function("structuredLogging", schema=_LOG_SCHEMA)
def structured_logging(
    target: Any, options: dict[str, Any], context: FunctionContext
) -> Iterable[Result] | None:
    """LOG-001: structured log lines that carry the trace and service correlation fields."""
    if not isinstance(target, dict):
        return None
    wanted = options.get("fields", ["trace_id", "span_id", "service"])
    logging = target.get("logging")
    if not isinstance(logging, dict):
        return [Result(f"no logging section: structured logs with {', '.join(wanted)} "
                       "are required", ())]
    out: list[Result] = []
    fmt = logging.get("format")
    if fmt in _UNSTRUCTURED:
        out.append(Result(f"logging.format {fmt!r} is not structured (use json or logfmt)",
                          ("logging", "format")))
    fields = logging.get("fields")
    present = set(as_list(fields))
    missing = [f for f in wanted if f not in present]
    if missing:
        out.append(Result(f"logging.fields lacks {', '.join(missing)}",
                          ("logging", "fields") if "fields" in logging else ("logging",)))
    return out


FUNCTIONS = collect(config_watch, structured_logging)
