"""Fingerprints: stable identities for findings across unrelated edits.

rule id + file + document index + JSON pointer + a digest of the offending value; never the
line number, so inserting lines above a finding keeps its fingerprint, while renaming the
offending property changes it. Identical findings in one file get an occurrence suffix so
every fingerprint of a run is unique (GitLab keys Code Quality entries on it alone).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from govlint.findings.model import Finding


def base_fingerprint(finding: Finding) -> str:
    ingredients = (finding.rule, finding.file, finding.document, finding.pointer,
                   finding.value_digest)
    cached = finding._fingerprint_of
    if cached is not None and cached[0] == ingredients:
        return cached[1]
    basis = "\x1f".join((
        finding.rule,
        finding.file,
        "" if finding.document is None else str(finding.document),
        finding.pointer,
        finding.value_digest,
    ))
    digest = hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    finding._fingerprint_of = (ingredients, digest)
    return digest


def assign(findings: Iterable[Finding]) -> None:
    """Set ``fingerprint`` on findings (in their given, deterministic order)."""
    counts: dict[str, int] = {}
    for finding in findings:
        base = base_fingerprint(finding)
        seen = counts.get(base, 0)
        counts[base] = seen + 1
        finding.fingerprint = base if seen == 0 else f"{base}-{seen}"
