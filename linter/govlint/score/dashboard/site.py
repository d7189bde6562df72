"""The static health dashboard: one self-contained ``index.html`` (CSS, JS and SVG inline;
no CDN, no fetch), so it opens from ``file://`` and from GitLab Pages alike.

Deterministic: the page shows snapshot data only (no "generated at" time), so the same
database gives the same bytes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from govlint.errors import GovlintError
from govlint.score.dashboard.svg import line_chart, sparkline
from govlint.score.history import Snapshot
from govlint.score.render import fmt_rate, fmt_scope, fmt_score
from govlint.wording import plural

SOON_DAYS = 90  # "expiring soon" on the exceptions table


@dataclass(slots=True)
class PageData:
    result: dict[str, Any]  # the latest score JSON (rollup.to_json)
    snapshots: list[Snapshot] = field(default_factory=list)
    branch: str | None = None
    team_series: dict[str, list[float | None]] = field(default_factory=dict)
    service_series: dict[str, list[float | None]] = field(default_factory=dict)

    @property
    def latest(self) -> Snapshot | None:
        return self.snapshots[-1] if self.snapshots else None

    def rejection_rate(self) -> float | None:
        if not self.snapshots:
            return None
        return sum(s.rejected for s in self.snapshots) / len(self.snapshots)


def from_history(conn: sqlite3.Connection, branch: str | None = None,
                 limit: int | None = None, default_branch: str | None = None,
                 repository: str | None = None) -> PageData:
    """The dashboard of one branch (of one ``repository`` of a shared database, or of
    every snapshot): ``branch``, else ``default_branch`` when it has snapshots, else the
    branch of the newest snapshot."""
    from govlint.score import history

    if repository is None:
        names = [b for b, _, _ in history.branches(conn)]
    else:
        # branches of default-branch pipelines first (newest first), then merge requests'
        newest: dict[str | None, tuple[bool, str, int]] = {}
        for snap in history.snapshots(conn, repository=repository):
            newest[snap.branch] = (not snap.is_mr, snap.recorded_at, snap.id)
        names = sorted(newest, key=lambda b: newest[b], reverse=True)
    if not names:
        raise GovlintError("the history database has no snapshots yet (record one with "
                           "`govlint score --record`)" if repository is None else
                           f"no snapshots of repository {repository!r}")
    if branch is None:
        branch = default_branch if default_branch in names else names[0]
    elif branch not in names:
        raise GovlintError(f"no snapshots of branch {branch!r} (branches: "
                           f"{', '.join(str(b) for b in names)})")
    snaps = history.snapshots(conn, branch=branch, limit=limit, repository=repository)
    ids = [s.id for s in snaps]
    return PageData(
        result=history.detail(conn, ids[-1]),
        snapshots=snaps,
        branch=branch,
        team_series=_aligned(history.series(conn, ids, "team"), ids),
        service_series=_aligned(history.series(conn, ids, "service"), ids),
    )


def _aligned(found: dict[str, dict[int, float | None]], ids: Sequence[int]
             ) -> dict[str, list[float | None]]:
    return {name: [by_id.get(i) for i in ids] for name, by_id in found.items()}


def write(data: PageData, out_dir: Path) -> Path:
    """Write ``out_dir/index.html`` (atomically: a web server never serves half a page);
    returns its path."""
    from govlint.reports.output import write_atomic

    try:
        page = render(data)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        # the latest snapshot's detail came from the database: crafted, or from a bug
        raise GovlintError(f"the latest snapshot's score data is malformed "
                           f"({type(exc).__name__}: {exc}); dashboard not written") from None
    target = out_dir / "index.html"
    try:
        write_atomic(target, page)
    except OSError as exc:
        raise GovlintError(f"cannot write the dashboard to {out_dir}: {exc}") from None
    return target


# --- rendering ----------------------------------------------------------------------------


def _asset(name: str) -> str:
    return resources.files("govlint.score.dashboard").joinpath("assets", name).read_text(
        encoding="utf-8")


def grade(score: float | None) -> str:
    if score is None:
        return ""
    return "good" if score >= 90 else "fair" if score >= 70 else "poor"


def _score(score: float | None) -> str:
    return f'<span class="{grade(score)}">{fmt_score(score)}</span>'


def _delta(value: float | None) -> str:
    if value is None:
        return '<span class="delta flat">&ndash;</span>'
    if abs(value) < 0.05:
        return '<span class="delta flat">±0.0</span>'
    kind = "up" if value > 0 else "down"
    return f'<span class="delta {kind}">{value:+.1f}</span>'


def _series_delta(values: Sequence[float | None]) -> float | None:
    if len(values) < 2:
        return None
    last, before = values[-1], values[-2]
    return None if last is None or before is None else round(last - before, 1)


def render(data: PageData) -> str:
    result = data.result
    org = result.get("organisation") or {}
    title = "Governance health" + (f" — {data.branch}" if data.branch else "")
    body = [
        _header(data, title),
        _kpis(data),
        _partial(result),
        _trend(data),
        _categories(result),
        _teams(data),
        _rules(result),
        _exceptions(result, data.latest.recorded_at if data.latest else None),
        _snapshots(data),
        '<footer>Written by <code>govlint dashboard</code>. Scores: 0&ndash;100 per document, '
        'weighted by severity, normalised by size, size-weighted up to services, teams and '
        'the organisation (docs/score.md).</footer>',
    ]
    if not org:
        body = [_header(data, title), "<main><p>No score in this snapshot.</p></main>"]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{_asset('style.css')}</style>\n"
        "</head>\n<body>\n" + "\n".join(b for b in body if b)
        + f"\n<script>\n{_asset('app.js')}</script>\n</body>\n</html>\n"
    )


def _header(data: PageData, title: str) -> str:
    result = data.result
    bits = []
    latest = data.latest
    if latest is not None:
        bits.append(f"snapshot {escape(latest.recorded_at)}")
        if latest.commit:
            bits.append(f"commit <code>{escape(latest.short_commit)}</code>")
    gov = ", ".join(result.get("governance") or [])
    if gov:
        bits.append(f"governance {escape(gov)}")
    if result.get("reports"):
        count = len(result["reports"])
        bits.append(f"{count} report{'s' if count != 1 else ''}")
    return (f'<header><h1>{escape(title)}</h1><p class="meta">{" · ".join(bits)}</p>'
            "</header>")


def _kpi(kpi_id: str, label: str, value: str, sub: str = "") -> str:
    sub_html = f'<span class="sub">{sub}</span>' if sub else ""
    return (f'<div class="kpi" id="{kpi_id}"><span class="label">{escape(label)}</span>'
            f'<span class="value">{value}</span>{sub_html}</div>')


def _kpis(data: PageData) -> str:
    result = data.result
    org = result.get("organisation") or {}
    latest = data.latest
    delta = _delta(latest.delta) if latest is not None else ""
    suppressed = org.get("suppressed") or {}
    nearest = suppressed.get("nearestExpiry")
    rejection = data.rejection_rate()
    cards = [
        _kpi("kpi-score", "Organisation score", _score(org.get("score")) + delta,
             f"{plural(org.get('documents', 0), 'document')} · "
             f"{plural(len(result.get('services', [])), 'service')} · "
             f"{plural(len(result.get('teams', [])), 'team')}"),
        _kpi("kpi-compliance", "Compliance", fmt_rate(org.get("compliance")),
             "documents without an error"),
        _kpi("kpi-docs", "API doc completeness", fmt_rate(org.get("docCompleteness")),
             "specs without a DOC finding"),
        _kpi("kpi-rejection", "CI rejection rate", fmt_rate(rejection),
             f"of {plural(len(data.snapshots), 'snapshot')} failed the gate" if data.snapshots
             else "needs history"),
        _kpi("kpi-suppressed", "Waived / sandboxed / baselined",
             str(suppressed.get("count", 0)),
             f"nearest expiry {escape(nearest)}" if nearest else "not counted in the score"),
    ]
    return f'<main><section class="kpis">{"".join(cards)}</section>'


def _partial(result: dict[str, Any]) -> str:
    if not result.get("partial"):
        return ""
    scope = fmt_scope(result.get("scope") or {})
    return (f'<p class="partial">Partial run ({escape(scope)}): these scores cover only the '
            "files that run linted, not the whole project.</p>")


def _trend(data: PageData) -> str:
    if data.snapshots:
        points = [(f"{s.recorded_at} {s.short_commit}", s.score) for s in data.snapshots]
    else:
        points = [("this run", (data.result.get("organisation") or {}).get("score"))]
    chart = line_chart(points, chart_id="org-trend", title="Organisation score over time")
    return f'<section id="trend"><h2>Organisation score over time</h2>{chart}</section>'


def _categories(result: dict[str, Any]) -> str:
    cats = (result.get("organisation") or {}).get("categories") or {}
    if not cats:
        return ""
    rows = []
    for name, value in cats.items():
        width = 0 if value is None else max(0.0, min(100.0, value))
        rows.append(f'<span>{escape(name)}</span><div class="bar"><span class="{grade(value)}" '
                    f'style="width:{width:.1f}%"></span></div>'
                    f'<span class="num">{fmt_score(value)}</span>')
    return ('<section id="categories"><h2>Rule areas</h2><div class="bars">'
            + "".join(rows) + "</div></section>")


def _teams(data: PageData) -> str:
    result = data.result
    services = {s["name"]: s for s in result.get("services", [])}
    docs_by_service: dict[str, list[dict[str, Any]]] = {}
    for d in result.get("documents", []):
        docs_by_service.setdefault(d.get("service", ""), []).append(d)
    rows = []
    svc_index = 0
    for i, team in enumerate(result.get("teams", [])):
        name = team["name"]
        series = data.team_series.get(name, [])
        rows.append(
            f'<tr class="team-row" data-team="{escape(name)}"><td><button class="toggle" '
            f'type="button" aria-expanded="false" aria-controls="team-{i}" '
            f'aria-label="Services of {escape(name)}">▸</button>{escape(name)}</td>'
            f'<td class="num">{_score(team["score"])}</td>'
            f'<td class="num">{_delta(_series_delta(series))}</td>'
            f'<td>{sparkline(series or [team["score"]], label=f"{name} score trend")}</td>'
            f'<td class="num">{len(team["services"])}</td>'
            f'<td class="num">{team["documents"]}</td>'
            f'<td class="num">{fmt_rate(team["compliance"])}</td>'
            f'<td class="num">{fmt_rate(team.get("docCompleteness"))}</td>'
            f'<td class="num">{_suppressed(team["suppressed"])}</td></tr>'
        )
        inner = []
        for service_name in team["services"]:
            service = services.get(service_name)
            if service is None:
                continue
            sseries = data.service_series.get(service_name, [])
            cats = " ".join(
                f'<span title="{escape(c)}">{escape(c)} {_score(v)}</span>'
                for c, v in service["categories"].items() if v is not None and v < 100
            ) or "all areas 100"
            inner.append(
                f'<tr class="service-row" data-service="{escape(service_name)}" '
                f'data-owner="{escape(name)}"><td><button class="toggle" type="button" '
                f'aria-expanded="false" aria-controls="svc-{svc_index}" '
                f'aria-label="Documents of {escape(service_name)}">▸</button>'
                f'{escape(service_name)}</td>'
                f'<td class="num">{_score(service["score"])}</td>'
                f'<td class="num">{_delta(_series_delta(sseries))}</td>'
                f'<td>{sparkline(sseries or [service["score"]], label=f"{service_name} trend")}'
                f'</td><td class="num">{service["documents"]}</td>'
                f'<td class="num">{service["findings"]["error"]}/{service["findings"]["warn"]}'
                f'</td><td>{cats}</td></tr>'
                f'<tr class="drill" id="svc-{svc_index}" hidden><td colspan="7">'
                f'{_documents(docs_by_service.get(service_name, []))}</td></tr>'
            )
            svc_index += 1
        rows.append(
            f'<tr class="drill" id="team-{i}" hidden><td colspan="9"><table class="services">'
            '<thead><tr><th>Service</th><th class="num">Score</th><th class="num">Δ</th>'
            '<th>Trend</th><th class="num">Docs</th><th class="num">Errors/warnings</th>'
            '<th>Areas below 100</th></tr></thead><tbody>' + "".join(inner)
            + "</tbody></table></td></tr>"
        )
    return (
        '<section id="teams"><h2>Teams</h2><p><button id="expand-all" type="button" '
        'aria-pressed="false">Expand all</button></p><table class="teams"><thead><tr>'
        '<th>Team</th><th class="num">Score</th><th class="num">Δ</th><th>Trend</th>'
        '<th class="num">Services</th><th class="num">Docs</th><th class="num">Compliance</th>'
        '<th class="num">API docs</th><th class="num">Suppressed</th></tr></thead><tbody>'
        + "".join(rows) + "</tbody></table></section>"
    )


def _suppressed(info: dict[str, Any]) -> str:
    count = info.get("count", 0)
    nearest = info.get("nearestExpiry")
    if count and nearest:
        return f'{count} <span class="note">(→ {escape(nearest)})</span>'
    return str(count)


def _documents(docs: list[dict[str, Any]]) -> str:
    rows = []
    for d in sorted(docs, key=lambda d: (d["score"] if d["score"] is not None else 101,
                                         d["file"], d.get("document", -1))):
        where = d["file"] + (f"#{d['document']}" if "document" in d else "")
        rules = ", ".join(f"{escape(r)}&times;{n}" if n > 1 else escape(r)
                          for r, n in sorted(d.get("rules", {}).items(),
                                             key=lambda kv: (-kv[1], kv[0]))[:4])
        if d.get("unreadable"):
            rules = "unreadable (parse error)" + (f"; {rules}" if rules else "")
        f = d["findings"]
        rows.append(
            f'<tr class="document-row"><td><code>{escape(where)}</code></td>'
            f'<td class="kind">{escape(d["kind"])}</td><td class="num">{d["size"]}</td>'
            f'<td class="num">{_score(d["score"])}</td>'
            f'<td class="num">{f["error"]}/{f["warn"]}/{f["info"]}</td>'
            f'<td>{rules}</td><td class="num">{_suppressed(d["suppressed"])}</td></tr>'
        )
    return ('<table class="documents"><thead><tr><th>Document</th><th>Kind</th>'
            '<th class="num">Size</th><th class="num">Score</th><th class="num">E/W/I</th>'
            '<th>Rules</th><th class="num">Suppressed</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


def _rules(result: dict[str, Any]) -> str:
    top = (result.get("metrics") or {}).get("topRules") or []
    if not top:
        return ('<section id="rules"><h2>Most violated rules</h2><p class="note">No active '
                "findings.</p></section>")
    rows = []
    for r in top:
        files = "".join(f"<li><code>{escape(f)}</code></li>" for f in r["files"])
        rows.append(
            f'<tr class="rule-row"><td><code>{escape(r["rule"])}</code></td>'
            f'<td>{escape(r["category"])}</td><td class="num">{r["count"]}</td>'
            f'<td><details><summary>{len(r["files"])} file'
            f'{"s" if len(r["files"]) != 1 else ""}</summary><ul>{files}</ul></details></td>'
            f'<td>{escape(", ".join(r["services"]))}</td></tr>'
        )
    return ('<section id="rules"><h2>Most violated rules</h2><table><thead><tr><th>Rule</th>'
            '<th>Area</th><th class="num">Findings</th><th>Files sharing it</th>'
            '<th>Services</th></tr></thead><tbody>' + "".join(rows)
            + "</tbody></table></section>")


def _exceptions(result: dict[str, Any], on: str | None) -> str:
    """Owner groups whose nearest expiry is within 90 days of ``on`` (the snapshot's date;
    a static page cannot know when it is read), already expired ones included."""
    groups = [dict(g) for g in (result.get("metrics") or {}).get("exceptions") or []]
    if on:
        import datetime as dt

        day = dt.date.fromisoformat(on[:10])
        for g in groups:
            if g.get("nearestExpiry"):
                g["daysLeft"] = (dt.date.fromisoformat(g["nearestExpiry"]) - day).days
    soon = [g for g in groups if g.get("daysLeft") is not None and g["daysLeft"] <= SOON_DAYS]
    later = len(groups) - len(soon)
    head = '<section id="exceptions"><h2>Waivers and sandboxes expiring soon</h2>'
    if not soon:
        note = "None expires within 90 days." + (
            f" {later} owner group(s) expire later or never." if later else "")
        return head + f'<p class="note">{note}</p></section>'
    rows = "".join(
        f'<tr class="exception-row"><td>{escape(g["owner"])}</td><td>{escape(g["kind"])}</td>'
        f'<td>{escape(", ".join(g["teams"]))}</td><td class="num">{g["count"]}</td>'
        f'<td>{escape(g["nearestExpiry"] or "")}</td>'
        f'<td class="num {"poor" if g["daysLeft"] < 0 else "fair"}">{g["daysLeft"]}</td></tr>'
        for g in soon
    )
    return (head + '<table><thead><tr><th>Owner</th><th>Kind</th><th>Teams</th>'
            '<th class="num">Findings</th><th>Nearest expiry</th>'
            '<th class="num">Days left at snapshot</th>'
            "</tr></thead><tbody>" + rows + "</tbody></table>"
            + (f'<p class="note">{later} more owner group(s) expire later or never.</p>'
               if later else "") + "</section>")


def _snapshots(data: PageData) -> str:
    if not data.snapshots:
        return "</main>"
    rows = "".join(
        f'<tr><td>{escape(s.recorded_at)}</td><td><code>{escape(s.short_commit)}</code></td>'
        f'<td>{escape(s.governance)}</td><td class="num">{_score(s.score)}</td>'
        f'<td class="num">{_delta(s.delta)}</td><td class="num">{s.errors}</td>'
        f'<td class="num">{s.warnings}</td><td class="num">{s.suppressed}</td>'
        f'<td>{"rejected" if s.rejected else "passed"}</td></tr>'
        for s in reversed(data.snapshots[-20:])
    )
    return ('<section id="snapshots"><h2>Recent snapshots</h2><table><thead><tr>'
            '<th>Recorded (UTC)</th><th>Commit</th><th>Governance</th><th class="num">Score</th>'
            '<th class="num">Δ</th><th class="num">Errors</th><th class="num">Warnings</th>'
            '<th class="num">Suppressed</th><th>CI gate</th></tr></thead><tbody>' + rows
            + "</tbody></table></section></main>")
