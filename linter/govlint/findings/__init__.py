"""Findings: what a rule reports, with its place, severity and fingerprint."""

from govlint.findings.model import Finding, Severity

__all__ = ["Finding", "Severity"]
