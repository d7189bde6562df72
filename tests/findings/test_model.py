"""Findings cross process boundaries (``--jobs``) intact, with what workers worked out."""

from __future__ import annotations

import pickle

from govlint.findings.fingerprint import assign, base_fingerprint
from govlint.findings.model import Finding, Severity, pointer_from_path


def _finding() -> Finding:
    return Finding(rule="paths-kebab-case", severity=Severity.WARN, message="m",
                   file="specs/a.json", path=("paths", "/a~b/{id}", 0), document=2,
                   line=3, column=4, end_line=5, end_column=6, value_digest="d")


def test_pickled_findings_equal_the_original_and_keep_worker_results() -> None:
    finding = _finding()
    finding.extra["waiver"] = "W-1"
    fresh = pickle.loads(pickle.dumps(finding))
    assert fresh == finding and fresh.pointer == "/paths/~1a~0b~1{id}/0"
    worked = _finding()
    base_fingerprint(worked)  # a worker computes this; the main process must not redo it
    copy = pickle.loads(pickle.dumps(worked))
    assert copy._fingerprint_of is not None and copy._pointer_of is not None
    assert base_fingerprint(copy) == base_fingerprint(_finding())


def test_a_changed_finding_gets_a_new_fingerprint_and_pointer() -> None:
    finding = pickle.loads(pickle.dumps(_finding()))
    before = base_fingerprint(finding)
    finding.path = ("paths", "/b")
    assert finding.pointer == "/paths/~1b"
    assert base_fingerprint(finding) != before
    findings = [_finding(), _finding()]
    assign(findings)
    assert findings[1].fingerprint == findings[0].fingerprint + "-1"


def test_pointer_escapes_only_what_rfc_6901_says() -> None:
    assert pointer_from_path(()) == ""
    assert pointer_from_path(("",)) == "/"
    assert pointer_from_path(("a", 0, "b/c", "~x")) == "/a/0/b~1c/~0x"
