"""``govlint merge``: shard reports back into one (the unit level; the end-to-end check with
real ``govlint lint --shard`` runs is in tests/ci/test_end_to_end.py)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import run_govlint

from govlint.cli.merge import merge as merge_command
from govlint.errors import GovlintError
from govlint.files.shard import select
from govlint.reports import render
from govlint.reports.merge import merge, read_report
from govlint.reports.model import Report

from .samples import make_report


def _json(report: Report) -> str:
    out = io.StringIO()
    render("json", report, out, color=False)
    return out.getvalue()


def _shards(report: Report, n: int) -> list[Report]:
    shards = []
    for k in range(1, n + 1):
        files = select(report.files, k, n)
        shards.append(make_report([f for f in report.results if f.file in files], files=files,
                                  partial={"shard": f"{k}/{n}"}))
    return shards


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_merge_of_shards_equals_the_unsharded_report(report: Report, n: int) -> None:
    shards = _shards(report, n)
    assert sum(len(s.files) for s in shards) == len(report.files)
    merged = merge([(f"shard{i}", s) for i, s in enumerate(shards)])
    assert _json(merged) == _json(report)


def test_merge_is_order_independent(report: Report) -> None:
    shards = _shards(report, 3)
    forward = _json(merge([(str(i), s) for i, s in enumerate(shards)]))
    backward = _json(merge([(str(i), s) for i, s in enumerate(reversed(shards))]))
    assert forward == backward


def _write_shards(report: Report, n: int, tmp_path: Path) -> list[str]:
    paths = []
    tmp_path.mkdir(parents=True, exist_ok=True)
    for k, shard in enumerate(_shards(report, n), 1):
        p = tmp_path / f"s{k}.json"
        p.write_text(_json(shard), encoding="utf-8")
        paths.append(str(p))
    return paths


def test_cli_merge_with_a_missing_shard_stays_partial_and_warns(
    report: Report, tmp_path: Path
) -> None:
    s1, s2, s3 = _write_shards(report, 3, tmp_path)
    run = run_govlint("merge", s1, s3, "-f", "json")
    assert run.code == 1, run.stderr  # the shards hold errors: the gate fails, as lint
    assert "Traceback" not in run.stderr
    assert run.json()["partial"] == {"shard": "1,3/3"}
    assert "shard 2/3 missing" in run.stderr
    partial = tmp_path / "s13.json"
    partial.write_text(run.stdout, encoding="utf-8")
    whole = run_govlint("merge", str(partial), s2, "-f", "json")  # completes it
    assert (whole.code, whole.stderr) == (1, "")
    assert whole.stdout == _json(report)


def test_cli_merge_refuses_a_repeated_shard(report: Report, tmp_path: Path) -> None:
    s1, s2, s3 = _write_shards(report, 3, tmp_path)
    run = run_govlint("merge", s1, s1, s2, s3)
    assert run.code == 2
    assert "shard 1/3 is given twice" in run.stderr and s1 in run.stderr
    assert "Traceback" not in run.stderr


def test_cli_merge_refuses_shards_of_different_runs(report: Report, tmp_path: Path) -> None:
    s1, _ = _write_shards(report, 2, tmp_path / "two")
    _, s2, s3 = _write_shards(report, 3, tmp_path / "three")
    run = run_govlint("merge", s1, s2, s3)
    assert run.code == 2
    assert "shards of different runs" in run.stderr


def test_refuses_reports_of_different_governance(report: Report) -> None:
    other = make_report(governance={"version": "3.1"})
    with pytest.raises(GovlintError, match="different governance"):
        merge([("a.json", report), ("b.json", other)])


def test_shared_partial_markers_survive(report: Report) -> None:
    a = make_report(partial={"shard": "1/2", "changedSince": "main"})
    b = make_report(partial={"shard": "2/2", "changedSince": "main"})
    assert merge([("a", a), ("b", b)]).partial == {"changedSince": "main"}


def test_cli_merges_files_into_several_formats(report: Report, tmp_path: Path) -> None:
    paths = []
    for i, shard in enumerate(_shards(report, 3), 1):
        p = tmp_path / f"govlint-{i}.json"
        p.write_text(_json(shard), encoding="utf-8")
        paths.append(str(p))
    runner = CliRunner()
    result = runner.invoke(
        merge_command,
        [*paths, "--format", "json", "--format", f"gitlab:{tmp_path}/out/gl.json",
         "--format", f"junit:{tmp_path}/out/junit.xml", "--fail-severity", "off"],
    )
    assert result.exit_code == 0, result.output
    assert result.output == _json(report)
    assert len(json.loads((tmp_path / "out" / "gl.json").read_text())) == 8
    assert (tmp_path / "out" / "junit.xml").read_text().startswith("<?xml")
    failing = runner.invoke(merge_command, [*paths, "--fail-severity", "error", "-f", "markdown"])
    assert failing.exit_code == 1
    assert failing.output.startswith("### govlint: ❌ 8 problems")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not a JSON report"),
        ('{"tool": "eslint"}', "not a govlint JSON report"),
        ('{"tool": "govlint", "schemaVersion": "2.0"}', "schemaVersion 2.0 is not supported"),
        ('{"tool": "govlint", "schemaVersion": "1.0", "results": [{"rule": "x"}]}',
         "malformed report"),
    ],
)
def test_broken_input_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    p = tmp_path / "r.json"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(GovlintError, match=message):
        read_report(p)
    with pytest.raises(GovlintError, match="cannot read report"):
        read_report(tmp_path / "missing.json")


def test_installed_command_exits_1_at_the_fail_severity(report: Report, tmp_path: Path) -> None:
    import subprocess
    import sys

    p = tmp_path / "r.json"
    p.write_text(_json(report), encoding="utf-8")
    cmd = [sys.executable, "-m", "govlint", "merge", str(p), "-f", "markdown"]

    def code(*args: str) -> int:
        return subprocess.run([*cmd, *args], capture_output=True, check=False,
                              cwd=tmp_path).returncode

    # It is the gate of a sharded run: it fails like lint by default (errors).
    assert code() == 1
    assert code("--fail-severity", "error") == code("-F", "error") == 1
    assert code("--fail-severity", "off") == 0
    (tmp_path / ".govlint.yaml").write_text("fail-severity: 'off'\n", encoding="utf-8")
    assert code() == 0  # the config's fail-severity, as lint reads it
    assert code("-F", "warn") == 1
