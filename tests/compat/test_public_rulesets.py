"""Public Spectral rulesets load unchanged and give Spectral 6.16.3's results (issue 15).

Each ruleset of tests/data/spectral-rulesets/rulesets.yaml (Adidas, Zalando/Baloise, Italia,
DigitalOcean, CAMARA, Red Hat, Entur, BPCE, VNG, apiaddicts, and the npm packages of OWASP,
APIs You Won't Hate, Stoplight documentation and IBM Cloud) is linted by govlint, through
its CLI, in a project shaped like a team's repository, over real APIs-guru specs; the
findings are compared with what Spectral reported on the same project
(tests/data/spectral-rulesets/expected/, re-recorded by record.py there) as
(code, pointer, start line, severity). Parity (findings both report over findings either
reports) must be >= 95 % per ruleset; precision and recall are printed with the difference.
A ruleset that cannot reach it yet is an xfail naming the cause (docs/spectral-compat.md).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.compat import public_rulesets as pr

BAR = 0.95
SHOW = 12  # differing findings shown per rule in a failure message

# Rulesets that cannot reach the bar yet, with the cause and whose area it is in
# (docs/spectral-compat.md, /work/briefs/notes-15.md). strict: an xfail that starts passing
# fails the run, so the list cannot go stale.
XFAIL: dict[str, str] = {}


def _params() -> list[object]:
    out: list[object] = []
    for ruleset in pr.rulesets():
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[ruleset.name])] \
            if ruleset.name in XFAIL else []
        out.append(pytest.param(ruleset, id=ruleset.name, marks=marks))
    return out


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not (pr.CORPUS / "apis-guru").is_dir():
        pytest.skip(f"shared corpus not found at {pr.CORPUS} (the public-ruleset parity test "
                    "lints APIs-guru specs of /work/shared/corpus)")
    return pr.CORPUS


def test_recorded_data_is_complete_and_current() -> None:
    """Every ruleset has its licence, its source and Spectral's results for its ruleset
    as committed (a changed ruleset file needs record.py re-run)."""
    for ruleset in pr.rulesets():
        if ruleset.folder is not None:
            names = {p.name for p in ruleset.folder.iterdir()}
            assert "SOURCE" in names, f"{ruleset.folder}: no SOURCE file"
            assert names & {"LICENSE", "LICENSE.md", "LICENCE.md"}, \
                f"{ruleset.folder}: no licence file"
        data = pr.load_expected(ruleset)
        assert data["spectral"] == "6.16.3"
        assert data["ruleset_sha256"] == ruleset.digest(), (
            f"{ruleset.name}: expected data recorded with another version of the ruleset; "
            "re-record: python tests/data/spectral-rulesets/record.py " + ruleset.name)
        assert sorted(data["results"]) == sorted(ruleset.specs())
        assert sum(len(v) for v in pr.expected_findings(data).values()) > 0, \
            f"{ruleset.name}: Spectral found nothing; the specs do not exercise it"
    ci_run = (pr.REPO / ".ci" / "run").read_text(encoding="utf-8")
    unpinned = [p for p in pr.manifest()["packages"] if p not in ci_run]
    assert not unpinned, f".ci/run does not install {unpinned} (rulesets.yaml's packages)"


def _govlint(ruleset: pr.Ruleset, project: Path, entry: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "govlint", "lint", *ruleset.specs(), "--ruleset",
           str(entry), "--format", "json"]
    if ruleset.js:
        cmd.append("--allow-custom-functions")
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, timeout=900)


def _describe(title: str, findings: set[tuple[str, str, str, int, str]]) -> list[str]:
    """(spec, code, pointer, line, severity) grouped by rule, the largest groups first."""
    by_rule: dict[str, list[tuple[str, str, str, int, str]]] = {}
    for f in sorted(findings):
        by_rule.setdefault(f[1], []).append(f)
    lines = [f"{title} ({len(findings)}):"]
    for rule, items in sorted(by_rule.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append(f"  {rule}: {len(items)}")
        lines += [f"    {spec} {p} line {line} {sev}" for spec, _, p, line, sev in items[:SHOW]]
    return lines


@pytest.mark.parametrize("ruleset", _params())
def test_same_results_as_spectral(ruleset: pr.Ruleset, corpus: Path, tmp_path: Path) -> None:
    modules = pr.node_modules()
    if (ruleset.npm or ruleset.js) and modules is None:
        pytest.skip(f"{ruleset.npm or ruleset.name}: the npm packages are not installed (its "
                    "ruleset or functions import them): run the npm install of .ci/run "
                    "(npm install --prefix $GOVLINT_TOOLS/spectral-rulesets ...)")
    if ruleset.js and shutil.which("node") is None:
        pytest.skip(f"{ruleset.name} runs JavaScript functions and Node.js is not on PATH")
    project = tmp_path / "project"
    entry = pr.build_project(ruleset, [corpus / s for s in ruleset.specs()], project, modules)
    proc = _govlint(ruleset, project, entry)
    if proc.returncode not in (0, 1):
        pytest.fail(f"{ruleset.name} does not load unchanged: govlint exited "
                    f"{proc.returncode}\n{proc.stderr[-3000:]}", pytrace=False)
    got = pr.from_govlint(json.loads(proc.stdout))
    want = pr.expected_findings(pr.load_expected(ruleset))
    result = pr.score(want, got)
    pr.SCORES[ruleset.name] = str(result)
    if result.parity < BAR:
        missing = {(s, *f) for s in want for f in want[s] - got.get(s, set())}
        extra = {(s, *f) for s in got for f in got[s] - want.get(s, set())}
        pytest.fail("\n".join([
            f"{ruleset.name}: govlint differs from Spectral 6.16.3: {result}, below "
            f"{BAR:.0%}",
            *_describe("missing (Spectral reports, govlint does not)", missing),
            *_describe("extra (govlint reports, Spectral does not)", extra),
        ]), pytrace=False)
