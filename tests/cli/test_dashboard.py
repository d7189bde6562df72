"""`govlint dashboard` end to end: ten snapshots recorded through the CLI, the page loaded
in headless Chromium (Debian's `chromium`), assertions on the rendered DOM, a screenshot
kept as a test artifact (also copied to $GOVLINT_ARTIFACTS when set)."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-logging=stderr", "--v=0", "--window-size=1280,2400",
]


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does it)")


def chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def console_messages(stderr: str) -> list[str]:
    """Console messages (errors included: uncaught exceptions, failed loads) Chromium logs
    with --enable-logging=stderr. The page logs nothing, so any message is a failure."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture(scope="module")
def ten_snapshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A history of ten snapshots in which orders-svc fixes its findings step by step."""
    from conftest import run_govlint

    work = tmp_path_factory.mktemp("history")
    shutil.copytree(REPO / "examples", work / "examples")
    lint = run_govlint("lint", "examples", "--format", "json:base.json", cwd=work)
    assert lint.code == 1, lint.stderr
    base = json.loads((work / "base.json").read_text())
    assert base["inventory"], "lint reports carry the inventory rollup scores from"
    orders = [r for r in base["results"] if "/orders-svc/" in r["file"]]
    db = work / "history.sqlite"
    for i in range(10):
        snapshot = copy.deepcopy(base)
        snapshot["results"] = orders[: len(orders) - i * len(orders) // 10]
        if i >= 5:  # a waiver appears half-way: the score does not pay for it, it shows
            snapshot["results"].append({
                "rule": "DOC-001", "severity": "warn", "message": "no summary",
                "file": "examples/payments-svc/api/openapi.yaml", "line": 1, "column": 1,
                "endLine": 1, "endColumn": 1, "pointer": "/paths", "fingerprint": "w",
                "suppressed": {"kind": "waiver", "owner": "alice", "reason": "migration",
                               "expires": "2024-07-01"},
            })
        path = work / f"report-{i}.json"
        path.write_text(json.dumps(snapshot))
        run = run_govlint("rollup", str(path), "--record", "--db", str(db), "--branch", "main",
                          "--commit", f"{i:040x}", "--at", f"2024-05-{i + 1:02d}T09:00:00Z",
                          "--format", "json", "--output", str(work / f"score-{i}.json"),
                          cwd=work)
        assert run.code == 0, run.stderr
    return db


def test_history_shows_the_trend_with_deltas(ten_snapshots: Path) -> None:
    from conftest import run_govlint

    run = run_govlint("history", "--db", str(ten_snapshots), "--format", "json")
    assert run.code == 0, run.stderr
    data = run.json()
    scores = [s["score"] for s in data["snapshots"]]
    assert len(scores) == 10 and scores == sorted(scores) and scores[-1] > scores[0] + 20
    assert data["snapshots"][0]["delta"] is None
    assert all(s["delta"] > 0 for s in data["snapshots"][1:])
    teams = {t["name"]: t for t in data["teams"]}
    assert teams["@acme/orders-team"]["delta"] > 0
    assert teams["@acme/payments-team"]["delta"] == 0.0
    text = run_govlint("history", "--db", str(ten_snapshots)).stdout
    assert "@acme/orders-team" in text and "+" in text


def test_ten_snapshots_render_in_chromium_with_a_visible_trend(
        ten_snapshots: Path, tmp_path: Path) -> None:
    from conftest import run_govlint

    binary = find_chromium()
    site = tmp_path / "site"
    run = run_govlint("dashboard", "--db", str(ten_snapshots), "-o", str(site))
    assert run.code == 0, run.stderr
    index = site / "index.html"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    url = index.as_uri() + "#service=orders-svc"

    dom_run = chromium(binary, tmp_path / "profile", "--dump-dom", url)
    assert dom_run.returncode == 0, dom_run.stderr[-2000:]
    dom = dom_run.stdout
    assert console_messages(dom_run.stderr) == []

    # The organisation trend: ten points, rising (SVG y grows downwards).
    chart = re.search(r'<svg id="org-trend".*?</svg>', dom, re.S)
    assert chart, "trend chart drawn"
    points = re.findall(r'<circle class="point" cx="([\d.]+)" cy="([\d.]+)"', chart[0])
    assert len(points) == 10
    ys = [float(y) for _, y in points]
    assert ys[0] - ys[-1] > 100, "the trend is visible, not a flat line"
    assert re.search(r'<polyline class="line" points="[^"]+"', chart[0])

    # Team table with sparklines; the deep link opened orders-team and its service.
    teams = re.findall(r'<tr class="team-row" data-team="([^"]+)"', dom)
    assert teams == ["@acme/orders-team", "@acme/payments-team"]
    assert dom.count('<svg class="spark"') >= 4
    drill = re.search(r'<tr class="drill" id="svc-0"( hidden="")?>', dom)
    assert drill and drill.group(1) is None, "the service's documents are shown"
    assert 'aria-expanded="true"' in dom
    assert "examples/orders-svc/api/openapi.yaml" in dom
    assert 'class="rule-row"' in dom
    assert re.search(r'class="exception-row"><td>alice</td>', dom)

    shot = tmp_path / "dashboard.png"
    shot_run = chromium(binary, tmp_path / "profile", f"--screenshot={shot}", url)
    assert shot_run.returncode == 0, shot_run.stderr[-2000:]
    assert console_messages(shot_run.stderr) == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    artifacts = os.environ.get("GOVLINT_ARTIFACTS")
    if artifacts:
        Path(artifacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(artifacts) / "dashboard.png")
        shutil.copy(index, Path(artifacts) / "dashboard.html")


def test_a_one_run_html_score_renders_without_history(tmp_path: Path) -> None:
    from conftest import run_govlint

    binary = find_chromium()
    page = tmp_path / "score.html"
    run = run_govlint("score", "examples", "--format", "html", "-o", str(page), cwd=REPO)
    assert run.code == 0, run.stderr
    dom_run = chromium(binary, tmp_path / "profile", "--dump-dom", page.as_uri())
    assert console_messages(dom_run.stderr) == []
    assert re.findall(r'<tr class="team-row" data-team="([^"]+)"', dom_run.stdout) == [
        "@acme/orders-team", "@acme/payments-team"]
    assert '<svg id="org-trend"' in dom_run.stdout


def test_dashboard_errors_are_one_line_messages(tmp_path: Path) -> None:
    from conftest import run_govlint

    missing = run_govlint("dashboard", "--db", str(tmp_path / "none.sqlite"), "-o",
                          str(tmp_path / "site"), cwd=tmp_path)
    assert missing.code == 2 and "no history database" in missing.stderr
    assert not (tmp_path / "none.sqlite").exists()
    assert "Traceback" not in missing.stderr
