"""Spectral's leniency, with Spectral's results: what Spectral 6.16.3 accepts in a ruleset
or a JSONPath, govlint accepts and gives the same findings (issue 15, items 3-5).

Each case of ``tests/data/spectral-lenient/`` is a ruleset and a spec with the results the
Spectral CLI gave on them (``expected.json``, written by ``bench/spectral_lenient.py``).
The test runs govlint's CLI on the same files and compares (rule, pointer, message).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import textwrap
from pathlib import Path

import pytest

CASES = Path(__file__).resolve().parents[1] / "data" / "spectral-lenient"


def _cases() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "expected.json").is_file())


@pytest.mark.parametrize("case", _cases())
def test_same_results_as_spectral(govlint, tmp_path: Path, case: str) -> None:
    source = CASES / case
    expected = json.loads((source / "expected.json").read_text())
    for name, key in (("ruleset.yaml", "ruleset_sha256"), ("spec.yaml", "spec_sha256")):
        digest = hashlib.sha256((source / name).read_bytes()).hexdigest()
        assert digest == expected[key], f"{case}/{name} changed: run bench/spectral_lenient.py"
    for name in ("ruleset.yaml", "spec.yaml"):
        shutil.copy(source / name, tmp_path / name)
    run = govlint("lint", "spec.yaml", "-r", "ruleset.yaml", "-f", "json", cwd=tmp_path)
    assert run.code in (0, 1), run.stderr
    got = sorted({(r["rule"], r["pointer"], r["message"]) for r in run.json()["results"]})
    want = sorted(tuple(r) for r in expected["results"])
    assert got == want
    assert "Traceback" not in run.stderr


def _write(tmp: Path, name: str, text: str) -> None:
    (tmp / name).write_text(textwrap.dedent(text))


def test_ignored_keys_are_named_once_on_stderr(govlint, tmp_path: Path) -> None:
    shutil.copy(CASES / "then-keys" / "spec.yaml", tmp_path / "spec.yaml")
    _write(tmp_path, "base.yaml", """\
        rules:
          r1:
            given: $.info
            then: {field: title, function: truthy, message: hi, invert: true}
          r2:
            given: $.info
            then: [{field: version, function: truthy, message: hi}]
        """)
    _write(tmp_path, "team.yaml", "extends: [base.yaml]\n")
    (tmp_path / ".govlint.yaml").write_text("rulesets: [team.yaml]\n")
    run = govlint("lint", "spec.yaml", "-f", "json", cwd=tmp_path)
    assert run.code == 0, run.stderr
    lines = [line for line in run.stderr.splitlines() if "ignored" in line]
    assert lines == [
        "govlint: warning: base.yaml: rule 'r1': 'then' key 'invert' is ignored "
        "(Spectral ignores it too)",
        "govlint: warning: base.yaml: rule 'r1': 'then' key 'message' is ignored "
        "(Spectral ignores it too)",
        "govlint: warning: base.yaml: rule 'r2': 'then' key 'message' is ignored "
        "(Spectral ignores it too)",
    ]


def test_spectral_refusals_stay_refused(govlint, tmp_path: Path) -> None:
    """Spectral's schema refuses an unknown rule key and an unknown top-level key."""
    shutil.copy(CASES / "then-keys" / "spec.yaml", tmp_path / "spec.yaml")
    _write(tmp_path, "rule-key.yaml", """\
        rules:
          r1:
            given: $.info
            invert: true
            then: {function: truthy}
        """)
    _write(tmp_path, "top-key.yaml", "rulez: {}\nrules: {}\n")
    for name, expected in (("rule-key.yaml", "unknown rule key(s): invert"),
                           ("top-key.yaml", "unknown ruleset key(s): rulez")):
        run = govlint("lint", "spec.yaml", "-r", name, cwd=tmp_path)
        assert run.code == 2 and expected in run.stderr and name in run.stderr, run.stderr


def test_asyncapi_beside_oas_says_once_and_lints_openapi_unchanged(govlint, tmp_path):
    shutil.copy(CASES / "asyncapi" / "spec.yaml", tmp_path / "spec.yaml")
    _write(tmp_path, "oas.yaml", "extends: [spectral:oas]\n")
    _write(tmp_path, "both.yaml", """\
        extends: [spectral:oas, spectral:asyncapi, inner.yaml]
        rules:
          asyncapi-tags: off
        """)
    _write(tmp_path, "inner.yaml", "extends: [[spectral:asyncapi, all]]\n")
    oas = govlint("lint", "spec.yaml", "-r", "oas.yaml", "-f", "json", cwd=tmp_path)
    both = govlint("lint", "spec.yaml", "-r", "both.yaml", "-f", "json", cwd=tmp_path)
    assert both.code == oas.code, both.stderr
    assert both.json()["results"] == oas.json()["results"]
    assert both.stderr.count("AsyncAPI documents are not linted by govlint") == 1
    assert "spectral:asyncapi" in both.json()["rulesets"]
    alone = govlint("lint", "spec.yaml", "-r", "spectral:asyncapi", "-f", "json", cwd=tmp_path)
    assert alone.code == 0 and alone.json()["results"] == [], alone.stderr


def test_every_missing_function_named_in_one_message(govlint, tmp_path: Path) -> None:
    shutil.copy(CASES / "then-keys" / "spec.yaml", tmp_path / "spec.yaml")
    _write(tmp_path, "fns.yaml", """\
        rules:
          a:
            given: $.info
            then: {function: checkThing}
          b:
            given: $.info
            then: [{function: truthy}, {function: checkThing}]
          c:
            given: $.info
            then: {function: truthyy}
        """)
    run = govlint("lint", "spec.yaml", "-r", "fns.yaml", cwd=tmp_path)
    assert run.code == 2
    assert run.stderr.strip() == (
        "govlint: error: fns.yaml: unknown functions 'checkThing' (rules a, b); "
        "'truthyy' (rule c) (did you mean 'truthy'?)")


def test_override_keys_govlint_does_not_apply_are_named(govlint, tmp_path: Path) -> None:
    shutil.copy(CASES / "then-keys" / "spec.yaml", tmp_path / "spec.yaml")
    _write(tmp_path, "ovr.yaml", """\
        rules:
          r1:
            given: $.info
            then: {field: description, function: truthy}
        overrides:
          - files: ["spec.yaml"]
            extends: [spectral:oas]
            note: for the team
            rules:
              r1: "off"
        """)
    run = govlint("lint", "spec.yaml", "-r", "ovr.yaml", "-f", "json", cwd=tmp_path)
    assert run.code == 0 and run.json()["results"] == [], run.stderr
    assert run.stderr.splitlines() == [
        "govlint: warning: ovr.yaml: overrides[0] key 'extends' is not supported by govlint "
        "and is ignored (Spectral applies it to those files)",
        "govlint: warning: ovr.yaml: overrides[0] key 'note' is ignored (Spectral ignores it "
        "too)",
    ]
