"""The dashboard page and its SVG charts, without a browser (tests/cli/test_dashboard.py
loads the page in Chromium)."""

from __future__ import annotations

import datetime as dt
import re

from govlint.score import history
from govlint.score.dashboard import site
from govlint.score.dashboard.svg import line_chart, sparkline, y_range
from govlint.score.rollup import Source, build, to_json

from .support import entry, finding, report


def sample(team: str = "@acme/orders-team", errors: int = 1) -> dict:
    rep = report(
        [entry("orders/api/openapi.yaml", "openapi", 4, service="orders-svc", owners=[team]),
         entry("orders/deploy/rollout.yaml", "k8s", service="orders-svc", owners=[team])],
        [finding("REL-002", "orders/deploy/rollout.yaml") for _ in range(errors)]
        + [finding("DOC-001", "orders/api/openapi.yaml", "warn",
                   suppressed={"kind": "waiver", "owner": "alice", "expires": "2024-06-01"})],
    )
    return to_json(build([Source(rep)], today=dt.date(2024, 5, 1)))


def test_line_chart_draws_one_point_per_snapshot_on_a_fitting_scale() -> None:
    svg = line_chart([("2024-05-01", 70.0), ("2024-05-02", None), ("2024-05-03", 96.8)],
                     chart_id="t", title="trend")
    assert svg.count("<circle") == 2
    assert 'id="t"' in svg and "<title>trend</title>" in svg
    assert y_range([70.0, 96.8]) == (60.0, 100.0)
    assert y_range([99.0]) == (80.0, 100.0)
    assert y_range([0.0]) == (0.0, 20.0)
    assert y_range([]) == (0.0, 100.0)


def test_line_chart_without_scores_says_so() -> None:
    assert "No scores recorded yet" in line_chart([("a", None)], chart_id="t", title="x")


def test_sparkline_marks_the_last_value_and_shows_small_moves() -> None:
    svg = sparkline([50.0, 51.0, None, 52.0], label="team")
    ys = [float(p.split(",")[1]) for p in re.search(r'points="([^"]+)"', svg)[1].split()]
    assert ys[0] > ys[-1]  # rising scores go up the picture
    assert ys[0] - ys[-1] > 10  # a 2-point move fills the sparkline's height
    assert "spark-end" in svg
    assert "<polyline" not in sparkline([None, 42.0], label="one")


def test_page_is_self_contained_and_escapes_names() -> None:
    page = site.render(site.PageData(result=sample(team="<script>alert(1)</script>")))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"<link|\bsrc=|@import|url\(", page)
    assert set(re.findall(r"https?://[^\"' )]+", page)) <= {"http://www.w3.org/2000/svg"}


def test_page_from_history_is_deterministic_and_has_every_section(db_url: str) -> None:
    db = db_url  # both backends (review 14 item 10)
    for day, errors in ((1, 3), (2, 2), (3, 1)):
        history.record(db, sample(errors=errors), history.SnapshotMeta(
            f"2024-05-0{day}T10:00:00Z", f"commit{day}", "main"))
    conn = history.connect(db)
    try:
        data = site.from_history(conn)
        first = site.render(data)
        assert site.render(site.from_history(conn)) == first
    finally:
        conn.close()
    assert data.branch == "main" and len(data.snapshots) == 3
    for anchor in ('id="org-trend"', 'id="teams"', 'class="team-row"', 'class="service-row"',
                   'class="document-row"', 'id="rules"', 'id="exceptions"', 'id="snapshots"'):
        assert anchor in first
    assert first.count('class="point"') == 3
    assert "alice" in first  # the waiver expiring within 90 days of the snapshot
    assert 'data-team="@acme/orders-team"' in first


def test_default_branch_choice(db_url: str) -> None:
    db = db_url  # both backends (review 14 item 10)
    history.record(db, sample(), history.SnapshotMeta("2024-05-01T00:00:00Z", "a", "main"))
    history.record(db, sample(), history.SnapshotMeta("2024-05-02T00:00:00Z", "b", "mr-1"))
    conn = history.connect(db)
    try:
        assert site.from_history(conn).branch == "mr-1"  # the newest snapshot's branch
        assert site.from_history(conn, default_branch="main").branch == "main"
        assert site.from_history(conn, default_branch="gone").branch == "mr-1"
    finally:
        conn.close()
