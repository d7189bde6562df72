"""The exceptions stage: waivers, then sandbox zones, then the baseline.

Order matters: an explicit waiver (owner, approver, reason) describes a finding before a
sandbox does; a baseline only absorbs what nothing else excused, so a finding whose waiver
expires comes back even if it was once recorded in a baseline (baselines record active
findings only). Expiry is checked here, on every path that lints.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from govlint.config import Config
from govlint.errors import GovlintError
from govlint.exceptions.common import max_waiver_days, resolve, today
from govlint.exceptions.sandbox import Zone
from govlint.findings.model import Finding
from govlint.rules.model import Ruleset


def apply_exceptions(
    findings: list[Finding],
    *,
    config: Config,
    ruleset: Ruleset,
    files: Sequence[str],
    zones: Iterable[Zone] = (),
    request: Any = None,
    complete: bool = False,
) -> list[Finding]:
    """Mark suppressed findings in place; return them plus findings about the exceptions.

    ``files``: the files this run reports on; ``complete``: the run covered the whole
    project, so an exception whose file is gone is unused/fixed too. ``request`` (the
    run's ``LintRequest``) may name ``waivers``, ``baseline`` or ``new_since``.
    """
    from govlint.exceptions.baseline import apply_baseline
    from govlint.exceptions.sandbox import apply_sandbox
    from govlint.exceptions.waivers import apply_waivers, load_waivers

    linted = set(files)
    out = list(findings)
    waiver_file = waivers_path(config, getattr(request, "waivers", None))
    if waiver_file is not None:
        waivers = load_waivers(waiver_file, config.root, config, on=today(),
                               max_days=max_waiver_days(config, ruleset.vars))
        out.extend(waivers.findings)
        out.extend(apply_waivers(findings, waivers, linted, complete))
    apply_sandbox(findings, list(zones), ruleset)
    baseline = _baseline(config, request)
    if baseline is not None:
        out.extend(apply_baseline(findings, baseline, linted, complete))
    return out


def waivers_path(config: Config, explicit: str | None) -> Path | None:
    """``--waivers FILE`` (relative to the working directory; must exist), else the config's
    ``waivers`` (relative to the project root): a file named in ``.govlint.yaml`` must exist,
    the default ``.govlint/waivers.yaml`` may be absent (no waivers)."""
    if explicit:
        path = resolve(explicit, Path.cwd())
        if not path.is_file():
            raise GovlintError(f"waiver file {explicit} not found")
        return path
    path = resolve(config.waivers, config.root)
    source = config.path or config.root / ".govlint.yaml"
    if path.is_file():
        root = config.root.resolve()
        real = path.resolve()
        if real != root and root not in real.parents:  # `waivers: ../../etc/x`, a symlink
            raise GovlintError(f"{source}: waiver file {config.waivers} (key `waivers`) "
                               f"resolves outside the project root ({root}): refused, not read")
        return path
    if config.waivers_configured:
        raise GovlintError(f"{source}: waiver file {config.waivers} (key `waivers`) not found "
                           f"at {path}")
    return None


def _baseline(config: Config, request: Any) -> Any:
    from govlint.exceptions.baseline import load_baseline

    new_since = getattr(request, "new_since", None)
    explicit = getattr(request, "baseline", None)
    if new_since and explicit:
        raise GovlintError("--baseline and --new-since exclude each other: give one")
    if new_since:
        from govlint.exceptions.gitref import baseline_at_ref

        return baseline_at_ref(new_since, request)
    if explicit:
        return load_baseline(resolve(explicit, Path.cwd()), config.root, config)
    return None
