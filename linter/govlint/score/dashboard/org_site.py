"""The organisation dashboard as static files: ``index.html`` (organisation, teams,
merge-request rejections and their attribution, recurring violation patterns,
repositories) and one ``teams/<key>.html`` per team (its services across repositories,
each drilling down to its documents).

Why several pages: at 300 repositories and 3,000 services one page holding every document
would be hundreds of megabytes; a team page holds one team's services, so every page stays
small and the browser responsive. Pages are linked, not fetched (``fetch`` of a local file
is refused under ``file://``), so the site works from a directory and from GitLab Pages
alike. No CDN, no network; every value from the database is HTML-escaped; team file names
are a digest of the team name (a name is never a path). The same database and filters give
the same bytes: nothing in a page says when it was written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from html import escape
from pathlib import Path

from govlint.errors import GovlintError
from govlint.score.dashboard.org import Attribution, OrgData, Pattern, TeamView
from govlint.score.dashboard.site import _asset, _delta, _documents, _score, _series_delta
from govlint.score.dashboard.svg import line_chart, sparkline
from govlint.score.render import fmt_rate
from govlint.wording import plural

PATTERNS_SHOWN = 200  # recurring patterns on the index page (most repositories first)
PAGE_ROWS = 50  # rows per page of the paginated tables (the script pages them)
TEAM_PAGE = re.compile(r"t-[0-9a-f]{16}\.html")  # what write() may replace or remove


def team_key(name: str) -> str:
    """The file name of a team's page: a digest, so a hostile team name is never a path."""
    return "t-" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def write(data: OrgData, out_dir: Path, source: str = "the history database") -> Path:
    """Write the site (atomically per file; team pages of teams no longer shown are
    removed, nothing else in ``out_dir`` is touched); returns the index page's path."""
    from govlint.reports.output import write_atomic

    try:
        pages = {"index.html": render_index(data)}
        for team in data.teams:
            pages[f"teams/{team_key(team.name)}.html"] = render_team(data, team)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        # documents come from the snapshots' score JSON: crafted, or from a bug
        raise GovlintError(f"{source}: a snapshot's score data is malformed "
                           f"({type(exc).__name__}: {exc}); dashboard not written") from None
    try:
        teams_dir = out_dir / "teams"
        teams_dir.mkdir(parents=True, exist_ok=True)
        for name, text in sorted(pages.items()):
            write_atomic(out_dir / name, text)
        for old in teams_dir.glob("t-*.html"):  # a team gone since the last run
            if TEAM_PAGE.fullmatch(old.name) and f"teams/{old.name}" not in pages:
                old.unlink()
    except OSError as exc:
        raise GovlintError(f"cannot write the dashboard to {out_dir}: {exc}") from None
    return out_dir / "index.html"


def _page(title: str, subtitle: str, body: Sequence[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{_asset('style.css')}{_asset('org.css')}"
        "</style>\n</head>\n<body>\n"
        f'<header><h1>{escape(title)}</h1><p class="meta">{subtitle}</p></header>\n<main>\n'
        + "\n".join(b for b in body if b)
        + "\n</main>\n<footer>Written by <code>govlint dashboard</code> from the shared "
        "history database: each repository's latest snapshot of its default branch, "
        "merge-request pipelines for rejections (docs/score.md).</footer>\n"
        f"<script>\n{_asset('app.js')}{_asset('org.js')}</script>\n</body>\n</html>\n"
    )


def _subtitle(data: OrgData) -> str:
    bits = [plural(len(data.repos), "repository", "repositories")]
    if data.days:
        bits.append(f"{escape(data.days[0])} &ndash; {escape(data.days[-1])}")
    if data.governance:
        bits.append("governance " + escape(", ".join(data.governance)))
    described = data.filters.describe()
    if described:
        bits.append(f'<span class="filters">filtered: {escape(described)}</span>')
    return " · ".join(bits)


def _kpi(kpi_id: str, label: str, value: str, sub: str = "") -> str:
    sub_html = f'<span class="sub">{sub}</span>' if sub else ""
    return (f'<div class="kpi" id="{kpi_id}"><span class="label">{escape(label)}</span>'
            f'<span class="value">{value}</span>{sub_html}</div>')


def _filter_box(target: str, label: str) -> str:
    return (f'<p><label>{escape(label)} <input type="search" class="filter" '
            f'data-target="{target}" autocomplete="off"></label> '
            f'<span class="count" data-count-of="{target}"></span></p>')


# --- index ------------------------------------------------------------------------------


def render_index(data: OrgData) -> str:
    cards = [
        _kpi("kpi-score", "Organisation score",
             _score(data.score) + _delta(_series_delta(data.org_series)),
             f"{plural(data.documents, 'document')} · {plural(data.services, 'service')} · "
             f"{plural(len(data.teams), 'team')}"),
        _kpi("kpi-compliance", "Compliance", fmt_rate(data.compliance),
             "documents without an error"),
        _kpi("kpi-docs", "API doc completeness", fmt_rate(data.doc_completeness),
             "specs without a DOC finding"),
        _kpi("kpi-rejection", "MR rejection rate", fmt_rate(data.rejection_rate),
             f"of {plural(data.mr_total, 'merge-request pipeline')} failed the gate"
             if data.mr_total else "no merge-request pipeline recorded"),
        _kpi("kpi-repos", "Repositories", str(len(data.repos)),
             f"{sum(r.rejected for r in data.repos)} failing the gate now"),
    ]
    points = list(zip(data.days, data.org_series, strict=True)) or [("no data", None)]
    body = [
        f'<section class="kpis">{"".join(cards)}</section>',
        '<section id="trend"><h2>Organisation score over time</h2>'
        + line_chart(points, chart_id="org-trend", title="Organisation score per day")
        + "</section>",
        _teams_table(data),
        _rejections(data),
        _patterns(data.patterns),
        _repos_table(data),
    ]
    return _page("Governance health — organisation", _subtitle(data), body)


def _teams_table(data: OrgData) -> str:
    rows = []
    for team in data.teams:
        rows.append(
            f'<tr class="team-row" data-team="{escape(team.name)}">'
            f'<td><a href="teams/{team_key(team.name)}.html">{escape(team.name)}</a></td>'
            f'<td class="num">{_score(team.score)}</td>'
            f'<td class="num">{_delta(_series_delta(team.series))}</td>'
            f'<td>{sparkline(team.series or [team.score], label=f"{team.name} score trend")}'
            f'</td><td class="num">{len(team.repositories)}</td>'
            f'<td class="num">{len(team.services)}</td><td class="num">{team.documents}</td>'
            f'<td class="num">{fmt_rate(team.compliance)}</td>'
            f'<td class="num">{fmt_rate(team.doc_completeness)}</td>'
            f'<td class="num">{fmt_rate(team.rejection_rate)}'
            f'<span class="note"> of {team.mr_total}</span></td></tr>')
    return (
        '<section id="teams"><h2>Teams</h2>' + _filter_box("teams-table", "Filter teams")
        + '<table class="teams paged" id="teams-table"><thead><tr><th>Team</th>'
        '<th class="num">Score</th><th class="num">Δ</th><th>Trend</th>'
        '<th class="num">Repos</th><th class="num">Services</th><th class="num">Docs</th>'
        '<th class="num">Compliance</th><th class="num">API docs</th>'
        '<th class="num">MR rejections</th></tr></thead><tbody>' + "".join(rows)
        + "</tbody></table></section>")


def _attribution(rows: list[Attribution], what: str, total: int, table_id: str,
                 link_teams: bool = False) -> str:
    if not rows:
        return f'<p class="note">No rejected merge-request pipeline to attribute by {what}.</p>'
    out = []
    for row in rows:
        name = (f'<a href="teams/{team_key(row.name)}.html">{escape(row.name)}</a>'
                if link_teams else f"<code>{escape(row.name)}</code>")
        series: list[float | None] = [float(n) for n in row.per_week]
        out.append(
            f'<tr class="attribution-row" data-name="{escape(row.name)}"><td>{name}</td>'
            f'<td class="num">{row.rejections}</td>'
            f'<td class="num">{fmt_rate(row.rejections / total if total else None)}</td>'
            f'<td>{sparkline(series, label=f"{row.name}: rejections per week")}</td></tr>')
    return (f'<table class="paged" id="{table_id}"><thead><tr><th>{escape(what.title())}</th>'
            '<th class="num">Rejections</th><th class="num">Share</th><th>Per week</th>'
            "</tr></thead><tbody>" + "".join(out) + "</tbody></table>")


def _rejections(data: OrgData) -> str:
    rates: list[tuple[str, float | None]] = [
        (week, 100.0 * rejected / total if total else None)
        for week, (total, rejected) in zip(data.weeks, data.mr_per_week, strict=True)]
    chart = line_chart(rates or [("no data", None)], chart_id="rejection-trend",
                       title="Merge-request rejection rate per week (%)")
    total = data.mr_rejected
    return (
        '<section id="rejections"><h2>Merge-request rejections</h2>'
        f'<p class="note">{data.mr_rejected} of {plural(data.mr_total, "merge-request pipeline")}'
        " failed the gate. A rejection counts once for every rule that failed it and every "
        "team that owns a failing finding, so shares can add up to more than 100%.</p>"
        + chart + '<div class="split"><div><h3>By rule</h3>'
        + _attribution(data.by_rule, "rule", total, "by-rule")
        + "</div><div><h3>By team</h3>"
        + _attribution(data.by_team, "team", total, "by-team", link_teams=True)
        + "</div></div></section>")


def _patterns(patterns: list[Pattern]) -> str:
    head = '<section id="patterns"><h2>Violation patterns across repositories</h2>'
    if not patterns:
        return head + '<p class="note">No recurring violation.</p></section>'
    rows = "".join(
        f'<tr class="pattern-row"><td><code>{escape(p.rule)}</code></td>'
        f'<td><code>{escape(p.pattern)}</code></td><td class="num">{p.repositories}</td>'
        f'<td class="num">{p.findings}</td>'
        f'<td>{escape(", ".join(p.examples))}'
        f'{"&hellip;" if p.repositories > len(p.examples) else ""}</td></tr>'
        for p in patterns[:PATTERNS_SHOWN])
    more = (f'<p class="note">{len(patterns) - PATTERNS_SHOWN} rarer patterns not shown.</p>'
            if len(patterns) > PATTERNS_SHOWN else "")
    return (head + '<p class="note">The same rule at the same pointer shape (indexes and '
            "path keys generalised) in the latest snapshot of each repository, most "
            "repositories first: one fix, many places.</p>"
            + _filter_box("patterns-table", "Filter patterns")
            + '<table class="paged" id="patterns-table"><thead><tr><th>Rule</th>'
            '<th>Pointer shape</th><th class="num">Repositories</th>'
            '<th class="num">Findings</th><th>In</th></tr></thead><tbody>' + rows
            + "</tbody></table>" + more + "</section>")


def _repos_table(data: OrgData) -> str:
    rows = "".join(
        f'<tr class="repo-row" data-repo="{escape(r.name)}"><td>{escape(r.name)}</td>'
        f'<td>{escape(r.branch or "-")}</td><td><code>{escape((r.commit or "")[:8])}</code>'
        f'</td><td>{escape(r.recorded_at)}</td><td class="num">{_score(r.score)}</td>'
        f'<td class="num">{r.services}</td><td class="num">{r.documents}</td>'
        f'<td>{"rejected" if r.rejected else "passed"}</td>'
        f'<td class="num">{r.mr_rejected}/{r.mr_total}</td>'
        f'<td>{escape(", ".join(r.teams))}</td></tr>'
        for r in data.repos)
    return ('<section id="repositories"><h2>Repositories</h2>'
            + _filter_box("repos-table", "Filter repositories")
            + '<table class="paged" id="repos-table"><thead><tr><th>Repository</th>'
            '<th>Branch</th><th>Commit</th><th>Latest snapshot</th><th class="num">Score</th>'
            '<th class="num">Services</th><th class="num">Docs</th><th>Gate</th>'
            '<th class="num">MRs rejected</th><th>Teams</th></tr></thead><tbody>' + rows
            + "</tbody></table></section>")


# --- team pages -------------------------------------------------------------------------


def render_team(data: OrgData, team: TeamView) -> str:
    cards = [
        _kpi("kpi-score", "Team score", _score(team.score) + _delta(_series_delta(team.series)),
             f"{plural(team.documents, 'document')} · {plural(len(team.services), 'service')}"
             f" · {plural(len(team.repositories), 'repository', 'repositories')}"),
        _kpi("kpi-compliance", "Compliance", fmt_rate(team.compliance),
             "documents without an error"),
        _kpi("kpi-docs", "API doc completeness", fmt_rate(team.doc_completeness),
             "specs without a DOC finding"),
        _kpi("kpi-rejection", "MR rejection rate", fmt_rate(team.rejection_rate),
             f"{team.mr_rejected} of {plural(team.mr_total, 'merge-request pipeline')}"),
    ]
    points = list(zip(data.days, team.series, strict=True)) or [("no data", None)]
    rows = []
    for i, svc in enumerate(team.services):
        cats = " ".join(f'<span title="{escape(c)}">{escape(c)} {_score(v)}</span>'
                        for c, v in svc.categories.items() if v is not None and v < 100
                        ) or "all areas 100"
        rows.append(
            f'<tr class="service-row" data-service="{escape(svc.name)}" '
            f'data-repo="{escape(svc.repository)}"><td><button class="toggle" type="button" '
            f'aria-expanded="false" aria-controls="svc-{i}" '
            f'aria-label="Documents of {escape(svc.name)}">▸</button>{escape(svc.name)}</td>'
            f'<td>{escape(svc.repository)}</td><td class="num">{_score(svc.score)}</td>'
            f'<td class="num">{svc.documents}</td>'
            f'<td class="num">{svc.errors}/{svc.warnings}</td><td>{cats}</td></tr>'
            f'<tr class="drill" id="svc-{i}" hidden><td colspan="6">{_documents(svc.docs)}'
            "</td></tr>")
    body = [
        '<p><a href="../index.html">&larr; Organisation</a></p>',
        f'<section class="kpis">{"".join(cards)}</section>',
        '<section id="trend"><h2>Team score over time</h2>'
        + line_chart(points, chart_id="team-trend", title=f"{team.name} score per day")
        + "</section>",
        '<section id="rejections"><h2>Rules that failed its merge requests</h2>'
        + _attribution(team.rules, "rule", team.mr_rejected, "team-rules") + "</section>",
        '<section id="services"><h2>Services</h2>'
        + _filter_box("services-table", "Filter services or repositories")
        + '<table class="services paged" id="services-table" data-pair="1"><thead><tr>'
        '<th>Service</th><th>Repository</th><th class="num">Score</th>'
        '<th class="num">Docs</th><th class="num">Errors/warnings</th>'
        "<th>Areas below 100</th></tr></thead><tbody>" + "".join(rows)
        + "</tbody></table></section>",
    ]
    return _page(f"Governance health — {team.name}", _subtitle(data), body)
