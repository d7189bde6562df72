"""Baseline matching rules (govlint.exceptions.baseline); the CLI flows are in
tests/cli/test_baseline.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govlint.config import Config
from govlint.errors import GovlintError
from govlint.exceptions.baseline import (
    apply_baseline,
    from_findings,
    load_baseline,
    match,
    updated,
)
from govlint.findings.fingerprint import base_fingerprint
from govlint.findings.model import Finding, Severity


def finding(pointer: tuple[str, ...] = ("paths", "/a"), rule: str = "r", file: str = "a.yaml",
            line: int = 1, digest: str = "d1") -> Finding:
    return Finding(rule=rule, severity=Severity.ERROR, message="m", file=file, path=pointer,
                   line=line, value_digest=digest)


def test_identical_findings_become_one_entry_with_a_count():
    baseline = from_findings([finding(line=1), finding(line=9), finding(("x",))])
    counts = {e.pointer: e.count for e in baseline.entries}
    assert counts == {"/paths/~1a": 2, "/x": 1}


def test_an_entry_absorbs_as_many_findings_as_its_count():
    baseline = from_findings([finding(line=1), finding(line=2)])
    now = [finding(line=5), finding(line=6), finding(line=7)]
    assert match(now, baseline) == {0: 2}
    assert [f.suppressed for f in now] == [{"kind": "baseline"}] * 2 + [None]


def test_matching_ignores_lines_but_not_pointer_or_value():
    baseline = from_findings([finding(line=3)])
    moved, renamed, changed = finding(line=53), finding(("paths", "/b")), finding(digest="d2")
    match([moved, renamed, changed], baseline)
    assert moved.suppressed == {"kind": "baseline"}
    assert renamed.suppressed is None and changed.suppressed is None


def test_suppressed_and_exception_findings_are_never_recorded():
    waived = finding(("w",))
    waived.suppressed = {"kind": "waiver"}
    expired = Finding(rule="waiver-expired", severity=Severity.ERROR, message="m",
                      file=".govlint/waivers.yaml", path=("waivers", 0, "expires"))
    assert from_findings([waived, expired]).entries == []


def test_fixed_entries_are_reported_only_for_files_the_run_could_judge(tmp_path: Path):
    path = tmp_path / "baseline.json"
    data = from_findings([finding(file="a.yaml"), finding(file="b.yaml")])
    path.write_text(data.dumps())
    baseline = load_baseline(path, tmp_path, Config(root=tmp_path))
    fixed = apply_baseline([], baseline, {"a.yaml"}, complete=False)
    assert [(f.rule, f.pointer, f.severity) for f in fixed] == [
        ("baseline-fixed", "/findings/0", Severity.INFO)]
    assert fixed[0].line == 5  # the entry's position in the JSON file
    assert len(apply_baseline([], baseline, set(), complete=True)) == 2


def test_update_prunes_and_adds():
    old = from_findings([finding(("a",)), finding(("b",)), finding(("b",), line=2)])
    now = [finding(("b",)), finding(("c",))]
    pruned, pruned_n, added_n = updated(old, now, {"a.yaml"}, False, prune=True,
                                        add_new=False, today="2025-01-02")
    assert {e.pointer: e.count for e in pruned.entries} == {"/b": 1}
    assert (pruned_n, added_n) == (2, 0)
    grown, _, added_n = updated(old, now, {"a.yaml"}, False, prune=False, add_new=True,
                                today="2025-01-02")
    assert {e.pointer: e.count for e in grown.entries} == {"/a": 1, "/b": 2, "/c": 1}
    assert added_n == 1
    assert grown.meta["updated"] == "2025-01-02"


def test_entry_fingerprint_is_the_base_fingerprint():
    f = finding()
    assert from_findings([f]).entries[0].fingerprint == base_fingerprint(f)


@pytest.mark.parametrize("text", [
    "{not json", "[]", '{"findings": [{"rule": "r"}]}', '{"version": 2, "findings": []}',
    '{"findings": [{"fingerprint": "f", "rule": "r", "file": "a", "count": 0}]}',
])
def test_broken_baseline_is_a_usage_error(tmp_path: Path, text: str):
    path = tmp_path / "baseline.json"
    path.write_text(text)
    with pytest.raises(GovlintError, match="baseline"):
        load_baseline(path, tmp_path, Config(root=tmp_path))


def test_written_baseline_follows_its_schema():
    import jsonschema

    from govlint.resources import schemas_dir

    schema = json.loads((schemas_dir() / "baseline.schema.json").read_text())
    data = from_findings([finding(), finding(("x",), file="b.yaml")], created="2025-01-01")
    jsonschema.validate(json.loads(data.dumps()), schema)
