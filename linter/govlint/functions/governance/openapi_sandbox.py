"""Sandbox-zone rules over OpenAPI documents (SBX-001..003).

A path item or operation marked ``x-spec-sandbox: true`` is linted in relaxed mode
(SBX-004, applied by ``govlint.exceptions``) only while its evidence is complete and its
``expires`` date is in the future. :func:`sandbox_zones` is the single reading of that
state, shared with the exceptions stage so the two can never disagree.

"Today" is the local date, or ``GOVLINT_TODAY`` (``YYYY-MM-DD``) when set: reproducible
runs (tests, re-running an old CI job) pin it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from govlint.dates import parse_date, today
from govlint.findings.model import Path
from govlint.functions.api import FunctionContext, Result, collect, rule_function
from govlint.functions.governance import _openapi as oas
from govlint.functions.governance._memo import latest
from govlint.functions.governance._project import search_dirs

FLAG = "x-spec-sandbox"
EVIDENCE = "x-spec-sandbox-evidence"
EVIDENCE_LINKS = ("abTestReport", "trafficColoringLogSample")
# ``[^\s/]\S*``, not ``[^\s/]+\S*``: the same strings, but the overlapping runs made a
# 50 KB URL followed by a space take 71 s (quadratic backtracking).
_URL = re.compile(r"^https?://[^\s/]\S*$")
_REPO_PATH = re.compile(r"^(?!/)(?!.*(?:^|/)\.\.(?:/|$))[^\s:]+$")


@dataclass(slots=True)
class SandboxZone:
    """One ``x-spec-sandbox: true`` place: ``path`` is the path item or operation.

    ``valid`` is True when the evidence is complete, ``expires`` within ``maxSandboxDays``
    and not reached: only then does SBX-004 relax sandboxable rules under ``path``.
    """

    path: Path
    expires: dt.date | None
    problems: list[tuple[Path, str]] = field(default_factory=list)  # SBX-002
    expired: bool = False  # SBX-003

    @property
    def valid(self) -> bool:
        return not self.problems and not self.expired


@latest
def _placements(data: Any) -> list[tuple[Path, dict[str, Any]]]:
    """Every mapping that carries ``x-spec-sandbox``, anywhere in the document."""
    out: list[tuple[Path, dict[str, Any]]] = []
    stack: list[tuple[Any, Path]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            if FLAG in node:
                out.append((path, node))
            stack.extend((v, (*path, k)) for k, v in reversed(node.items())
                         if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((node[i], (*path, i)) for i in reversed(range(len(node)))
                         if isinstance(node[i], (dict, list)))
    return out


def allowed_place(path: Path) -> bool:
    """Path items and operations under ``paths`` (or OpenAPI 3.1 ``webhooks``)."""
    if len(path) == 2 and path[0] in ("paths", "webhooks"):
        return True
    return len(path) == 3 and path[0] in ("paths", "webhooks") and path[2] in oas.HTTP_METHODS


def _link_problem(value: Any, base_dirs: list[FsPath]) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "is empty"
    if _URL.match(value):
        return None
    if not _REPO_PATH.match(value):
        return "is neither an http(s) URL nor a relative repository path"
    if base_dirs and not any(_exists_inside(d, value) for d in base_dirs):
        return f"names `{value}`, which does not exist in the repository"
    return None


def _exists_inside(directory: FsPath, relative: str) -> bool:
    """Whether ``relative`` names something under ``directory`` once symlinks are
    followed (a link to ``/etc/passwd`` is not evidence; a 50 KB name is no crash)."""
    import os

    try:
        real = os.path.realpath(directory / relative)
        base = os.path.realpath(directory)
    except (OSError, ValueError):
        return False
    return (real == base or real.startswith(base.rstrip(os.sep) + os.sep)) \
        and os.path.exists(real)


def sandbox_zones(
    data: Any, *, on: dt.date | None = None, max_days: int = 90,
    base_dirs: list[FsPath] | None = None,
) -> list[SandboxZone]:
    """Every sandbox of an OpenAPI document at an allowed place, with its problems.

    ``base_dirs``: where a repository path given as evidence must exist (the spec's
    directory and the project root); empty: not checked.
    """
    on = on or today()
    zones: list[SandboxZone] = []
    for path, node in _placements(data):
        if not allowed_place(path) or node.get(FLAG) is not True:
            continue
        zone = SandboxZone(path, None)
        zones.append(zone)
        evidence = node.get(EVIDENCE)
        if not isinstance(evidence, dict):
            zone.problems.append(((*path, FLAG), f"sandbox has no `{EVIDENCE}` (needs "
                                  f"{', '.join(EVIDENCE_LINKS)}, owner, expires)"))
            continue
        epath = (*path, EVIDENCE)
        missing = [k for k in (*EVIDENCE_LINKS, "owner", "expires") if k not in evidence]
        if missing:
            zone.problems.append((epath, "sandbox evidence lacks "
                                  + ", ".join(f"`{m}`" for m in missing)))
        for key in EVIDENCE_LINKS:
            if key in evidence:
                problem = _link_problem(evidence[key], base_dirs or [])
                if problem:
                    zone.problems.append(((*epath, key), f"evidence `{key}` {problem}"))
        if "owner" in evidence and not (isinstance(evidence["owner"], str)
                                        and evidence["owner"].strip()):
            zone.problems.append(((*epath, "owner"), "evidence `owner` must name a team"))
        if "expires" in evidence:
            expires = parse_date(evidence["expires"])
            zone.expires = expires
            if expires is None:
                zone.problems.append(((*epath, "expires"),
                                      "evidence `expires` must be a date YYYY-MM-DD"))
            elif expires <= on:
                zone.expired = True
            elif (expires - on).days > max_days:
                zone.problems.append(((*epath, "expires"), (
                    f"sandbox expires {expires.isoformat()}, {(expires - on).days} days "
                    f"ahead: at most {max_days} (var maxSandboxDays)")))
    return zones


def _base_dirs(ctx: FunctionContext) -> list[FsPath]:
    """The spec's directory and each parent up to the project root (as for ERR-004's
    catalogue): a repository path given as evidence may be relative to any of them."""
    return search_dirs(ctx.document) if ctx.document is not None else []


# --- SBX-001 ---------------------------------------------------------------------------


@rule_function("sandboxPlacement", schema={"type": ["object", "null"]})
def sandbox_placement(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    results = []
    for path, _node in _placements(target):
        if allowed_place(path):
            continue
        where = "the document root" if not path else "/" + "/".join(map(str, path))
        results.append(Result(
            f"`{FLAG}` on {where}: a sandbox is declared only on a path item or an "
            "operation", (*path, FLAG)))
    return results


# --- SBX-002 / SBX-003 -----------------------------------------------------------------

_MAX_DAYS = {
    "type": "object", "required": ["maxDays"],
    "properties": {"maxDays": {"type": "integer", "minimum": 0}},
}


@rule_function("sandboxEvidence", schema=_MAX_DAYS)
def sandbox_evidence(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    results: list[Result] = []
    for path, node in _placements(target):
        if allowed_place(path) and not isinstance(node.get(FLAG), bool):
            results.append(Result(f"`{FLAG}` must be true or false", (*path, FLAG)))
    for zone in sandbox_zones(target, max_days=options["maxDays"], base_dirs=_base_dirs(ctx)):
        results.extend(Result(message, where) for where, message in zone.problems)
    return results


@rule_function("sandboxExpiry", schema=_MAX_DAYS)
def sandbox_expiry(target: Any, options: Mapping[str, Any], ctx: FunctionContext):
    return [
        Result(f"sandbox expired on {zone.expires.isoformat() if zone.expires else '?'}: "
               "its rules apply in full again; remove the sandbox or renew its evidence",
               (*zone.path, EVIDENCE, "expires"))
        for zone in sandbox_zones(target, max_days=options["maxDays"])
        if zone.expired
    ]


FUNCTIONS = collect(sandbox_placement, sandbox_evidence, sandbox_expiry)
