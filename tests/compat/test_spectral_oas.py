"""govlint's ``spectral:oas`` reports what Spectral's own OpenAPI ruleset reports, on real specs.

tests/data/spectral-oas/ruleset.yaml (``extends: [[spectral:oas, all]]``) is run by both
tools. Expected (rule, pointer) pairs were recorded from Spectral 6.16.3
(bench/spectral_oas_compat.py) over the 66 APIs-guru specs of the shared corpus. Deliberate
differences are listed, with a reason, in tests/data/spectral-oas/differences.yaml (and
docs/spectral-compat.md).
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "spectral-oas"
RULESET = DATA / "ruleset.yaml"
EXPECTED = DATA / "expected"
DIFFERENCES = DATA / "differences.yaml"
CORPUS = REPO.parent / "shared" / "corpus"
APIS_GURU = CORPUS / "apis-guru"
SHOW = 15  # pairs shown per category in a failure message

Pair = tuple[str, str]  # (rule, RFC 6901 pointer)


@dataclass(frozen=True)
class Difference:
    """One allowlisted deliberate difference from Spectral."""

    rule: str
    kind: str  # "missing": Spectral reports it, govlint does not; "extra": the reverse
    reason: str
    spec: str = "*"  # glob on the spec path relative to the corpus, e.g. apis-guru/azure.com/*
    pointer: str = ".*"  # regex, full match

    def covers(self, spec: str, kind: str, pair: Pair) -> bool:
        return (
            kind == self.kind
            and pair[0] == self.rule
            and fnmatch.fnmatchcase(spec, self.spec)
            and re.fullmatch(self.pointer, pair[1]) is not None
        )


def load_differences() -> list[Difference]:
    data = yaml.safe_load(DIFFERENCES.read_text(encoding="utf-8")) or {}
    out = []
    for entry in data.get("differences") or []:
        assert entry.get("reason"), f"difference without a reason: {entry}"
        assert entry.get("kind") in ("missing", "extra"), f"kind must be missing|extra: {entry}"
        out.append(Difference(**entry))
    return out


def expected_files() -> list[Path]:
    return sorted(EXPECTED.rglob("*.json"))


def spec_of(expected: Path) -> str:
    """Spec path relative to the corpus root, e.g. apis-guru/amazonaws.com/cur.json."""
    return "apis-guru/" + expected.relative_to(EXPECTED).as_posix()[: -len(".json")]


def load_expected(expected: Path) -> set[Pair]:
    data = json.loads(expected.read_text(encoding="utf-8"))
    return {(code, pointer) for code, pointer in data["findings"]}


def govlint(specs: list[str]) -> subprocess.CompletedProcess[str]:
    """`govlint lint` from the corpus directory, so findings' files are corpus-relative."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "govlint",
            "lint",
            *specs,
            "--ruleset",
            str(RULESET),
            "--format",
            "json",
        ],
        cwd=CORPUS,
        capture_output=True,
        text=True,
        timeout=600,
    )


def parse_report(proc: subprocess.CompletedProcess[str]) -> dict[str, set[Pair]]:
    """Findings by file; fails with govlint's own output when it did not produce a report."""
    if proc.returncode not in (0, 1):
        pytest.fail(f"govlint exited {proc.returncode}\nstderr:\n{proc.stderr[-3000:]}")
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"govlint did not print a JSON report\nstdout:\n{proc.stdout[:2000]}\n"
            f"stderr:\n{proc.stderr[-3000:]}"
        )
    by_file: dict[str, set[Pair]] = {}
    for r in report["results"]:
        by_file.setdefault(r["file"], set()).add((r["rule"], r["pointer"]))
    return by_file


@cache
def batch_run() -> dict[str, set[Pair]] | None:
    """One govlint run over all specs; None when it failed (each test then runs its own)."""
    proc = govlint([spec_of(e) for e in expected_files()])
    if proc.returncode not in (0, 1):
        return None
    try:
        return parse_report(proc)
    except pytest.fail.Exception:
        return None


def actual_for(spec: str) -> set[Pair]:
    batch = batch_run()
    if batch is not None:
        return batch.get(spec, set())
    return parse_report(govlint([spec])).get(spec, set())


def describe(title: str, pairs: set[Pair]) -> str:
    lines = [f"{title} ({len(pairs)}):"]
    lines += [f"  {rule:40s} {pointer}" for rule, pointer in sorted(pairs)[:SHOW]]
    if len(pairs) > SHOW:
        lines.append(f"  ... and {len(pairs) - SHOW} more")
    return "\n".join(lines)


def by_rule(pairs: set[Pair]) -> str:
    counts: dict[str, int] = {}
    for rule, _ in pairs:
        counts[rule] = counts.get(rule, 0) + 1
    return ", ".join(f"{r}: {n}" for r, n in sorted(counts.items()))


# Functions of spectral:oas ported by a separate change; until they are registered the
# built-in ruleset cannot load (temporary).
PENDING_FUNCTIONS = ("oasDocumentSchema", "oasSchema", "oasExample")


@pytest.fixture(scope="module")
def corpus() -> None:
    from govlint.functions.registry import builtin_functions

    pending = [f for f in PENDING_FUNCTIONS if f not in builtin_functions()]
    if pending:
        pytest.skip(f"spectral:oas functions not ported yet: {', '.join(pending)}")
    if not APIS_GURU.is_dir():
        pytest.skip(
            f"shared corpus not found at {APIS_GURU} (Spectral compatibility needs "
            "the 66 APIs-guru specs of /work/shared/corpus)"
        )


def test_expected_data_matches_ruleset() -> None:
    """Expected data recorded with another ruleset would make every comparison meaningless."""
    digest = hashlib.sha256(RULESET.read_bytes()).hexdigest()
    stale = [
        e.relative_to(EXPECTED).as_posix()
        for e in expected_files()
        if json.loads(e.read_text(encoding="utf-8"))["ruleset_sha256"] != digest
    ]
    assert not stale, (
        f"{len(stale)} expected files were recorded with another ruleset.yaml; "
        "regenerate them with: python bench/spectral_oas_compat.py"
    )
    assert len(expected_files()) == 66


@pytest.mark.parametrize("expected", expected_files(), ids=lambda p: spec_of(p)[10:])
@pytest.mark.usefixtures("corpus")
def test_same_findings_as_spectral(expected: Path) -> None:
    spec = spec_of(expected)
    if not (CORPUS / spec).is_file():
        pytest.skip(f"{spec} is not in the shared corpus")
    want = load_expected(expected)
    got = actual_for(spec)
    differences = load_differences()
    missing = {p for p in want - got if not any(d.covers(spec, "missing", p) for d in differences)}
    extra = {p for p in got - want if not any(d.covers(spec, "extra", p) for d in differences)}
    if missing or extra:
        pytest.fail(
            f"{spec}: govlint differs from Spectral "
            f"(expected {len(want)}, got {len(got)})\n"
            f"missing by rule: {by_rule(missing) or '-'}\n"
            f"extra by rule:   {by_rule(extra) or '-'}\n"
            f"{describe('missing (Spectral reports, govlint does not)', missing)}\n"
            f"{describe('extra (govlint reports, Spectral does not)', extra)}",
            pytrace=False,
        )


@pytest.mark.usefixtures("corpus")
def test_every_allowlisted_difference_still_occurs() -> None:
    """A stale allowlist entry would hide a future regression of the same rule."""
    differences = load_differences()
    if not differences:
        pytest.skip("differences.yaml lists no deliberate differences")
    batch = batch_run()
    if batch is None:
        pytest.skip("govlint failed on the corpus; see test_same_findings_as_spectral")
    used: set[Difference] = set()
    for expected in expected_files():
        spec = spec_of(expected)
        want, got = load_expected(expected), batch.get(spec, set())
        for kind, pairs in (("missing", want - got), ("extra", got - want)):
            used |= {d for d in differences for p in pairs if d.covers(spec, kind, p)}
    unused = [d for d in differences if d not in used]
    assert not unused, "allowlisted differences that no longer occur (remove them):\n" + "\n".join(
        f"  {d.kind} {d.rule} spec={d.spec} pointer={d.pointer}" for d in unused
    )


# --- loading spectral:oas (no corpus needed) -------------------------------------------


def _load(tmp_path: Path, text: str) -> object:
    from govlint.rules.ruleset import load_ruleset

    (tmp_path / "rs.yaml").write_text(text, encoding="utf-8")
    return load_ruleset(["rs.yaml"], base_dir=tmp_path)


@pytest.mark.usefixtures("corpus")  # needs every spectral:oas function
def test_extends_modes_follow_spectral(tmp_path: Path) -> None:
    bare = _load(tmp_path, "extends: spectral:oas\n")
    enabled = {name for name, rule in bare.rules.items() if rule.enabled}
    assert "operation-tags" in enabled and "oas3-schema" in enabled
    assert "info-license" not in enabled and "openapi-tags" not in enabled  # not recommended
    every = _load(tmp_path, "extends: [[spectral:oas, all]]\n")
    assert all(rule.enabled for rule in every.rules.values())
    assert len(every.rules) == 57  # as many as Spectral 6.16.3 has
    off = _load(tmp_path, "extends: [[spectral:oas, off]]\nrules:\n  path-params: true\n")
    assert {name for name, rule in off.rules.items() if rule.enabled} == {"path-params"}
    rule = every.rules["operation-tag-defined"]
    assert rule.documentation_url == (
        "https://docs.stoplight.io/docs/spectral/4dec24461f3af-open-api-rules"
        "#operation-tag-defined"
    )
    assert rule.formats == frozenset({"oas2", "oas3", "oas3_0", "oas3_1", "oas3_2"})


@pytest.mark.parametrize("ref", ["spectral:asyncapi", "spectral:arazzo", "spectral:nope"])
def test_other_spectral_rulesets_are_refused(tmp_path: Path, ref: str) -> None:
    from govlint.errors import RulesetError

    with pytest.raises(RulesetError, match="govlint ships Spectral's spectral:oas only"):
        _load(tmp_path, f"extends: {ref}\n")
