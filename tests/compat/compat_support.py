"""The comparison with Spectral, shared by the compatibility suites (tests/compat).

A suite is a data directory holding ``ruleset.yaml`` (run by both tools), ``expected/``
(the (rule, pointer) pairs Spectral reported per spec, recorded by a bench/ script) and
``differences.yaml`` (deliberate differences, each with a reason).
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
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


class Suite:
    """One compatibility suite: its data directory and the script that regenerates it."""

    def __init__(self, data: Path, regenerate: str) -> None:
        self.ruleset = data / "ruleset.yaml"
        self.expected = data / "expected"
        self.differences_file = data / "differences.yaml"
        self.regenerate = regenerate

    def differences(self) -> list[Difference]:
        data = yaml.safe_load(self.differences_file.read_text(encoding="utf-8")) or {}
        out = []
        for entry in data.get("differences") or []:
            assert entry.get("reason"), f"difference without a reason: {entry}"
            assert entry.get("kind") in ("missing", "extra"), f"kind must be missing|extra: {entry}"
            out.append(Difference(**entry))
        return out

    def expected_files(self) -> list[Path]:
        return sorted(self.expected.rglob("*.json"))

    def spec_of(self, expected: Path) -> str:
        """Spec path relative to the corpus root, e.g. apis-guru/amazonaws.com/cur.json."""
        return "apis-guru/" + expected.relative_to(self.expected).as_posix()[: -len(".json")]

    def test_id(self, expected: Path) -> str:
        return self.spec_of(expected)[10:]

    @staticmethod
    def load_expected(expected: Path) -> set[Pair]:
        data = json.loads(expected.read_text(encoding="utf-8"))
        return {(code, pointer) for code, pointer in data["findings"]}

    def govlint(self, specs: list[str]) -> subprocess.CompletedProcess[str]:
        """`govlint lint` from the corpus directory, so findings' files are corpus-relative."""
        return subprocess.run(
            [sys.executable, "-m", "govlint", "lint", *specs, "--ruleset", str(self.ruleset),
             "--format", "json"],
            cwd=CORPUS, capture_output=True, text=True, timeout=600,
        )

    @cached_property
    def batch(self) -> dict[str, set[Pair]] | None:
        """One govlint run over all specs; None when it failed (each test then runs its own)."""
        proc = self.govlint([self.spec_of(e) for e in self.expected_files()])
        if proc.returncode not in (0, 1):
            return None
        try:
            return parse_report(proc)
        except pytest.fail.Exception:
            return None

    def actual_for(self, spec: str) -> set[Pair]:
        if self.batch is not None:
            return self.batch.get(spec, set())
        return parse_report(self.govlint([spec])).get(spec, set())

    # --- the checks the test modules run -------------------------------------------------

    def check_expected_data(self) -> None:
        """Expected data recorded with another ruleset would make every comparison
        meaningless."""
        digest = hashlib.sha256(self.ruleset.read_bytes()).hexdigest()
        stale = [
            e.relative_to(self.expected).as_posix()
            for e in self.expected_files()
            if json.loads(e.read_text(encoding="utf-8"))["ruleset_sha256"] != digest
        ]
        assert not stale, (
            f"{len(stale)} expected files were recorded with another ruleset.yaml; "
            f"regenerate them with: {self.regenerate}"
        )
        assert len(self.expected_files()) == 66

    def check_same(self, expected: Path) -> None:
        spec = self.spec_of(expected)
        if not (CORPUS / spec).is_file():
            pytest.skip(f"{spec} is not in the shared corpus")
        want = self.load_expected(expected)
        got = self.actual_for(spec)
        differences = self.differences()
        missing = {p for p in want - got
                   if not any(d.covers(spec, "missing", p) for d in differences)}
        extra = {p for p in got - want
                 if not any(d.covers(spec, "extra", p) for d in differences)}
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

    def check_differences_still_occur(self) -> None:
        """A stale allowlist entry would hide a future regression of the same rule."""
        differences = self.differences()
        if not differences:
            pytest.skip("differences.yaml lists no deliberate differences")
        if self.batch is None:
            pytest.skip("govlint failed on the corpus; see test_same_findings_as_spectral")
        used: set[Difference] = set()
        for expected in self.expected_files():
            spec = self.spec_of(expected)
            want, got = self.load_expected(expected), self.batch.get(spec, set())
            for kind, pairs in (("missing", want - got), ("extra", got - want)):
                used |= {d for d in differences for p in pairs if d.covers(spec, kind, p)}
        unused = [d for d in differences if d not in used]
        assert not unused, "allowlisted differences that no longer occur (remove them):\n" + \
            "\n".join(f"  {d.kind} {d.rule} spec={d.spec} pointer={d.pointer}" for d in unused)


def require_corpus() -> None:
    if not APIS_GURU.is_dir():
        pytest.skip(
            f"shared corpus not found at {APIS_GURU} (Spectral compatibility needs "
            "the 66 APIs-guru specs of /work/shared/corpus)"
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
