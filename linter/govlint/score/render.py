"""``govlint score`` output formats other than JSON: a text table and Markdown (for a merge
request note or a CI job summary). HTML is a one-snapshot dashboard
(:mod:`govlint.score.dashboard.site`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from govlint.wording import plural


def fmt_score(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def fmt_rate(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


def fmt_suppressed(info: dict[str, Any]) -> str:
    count = info.get("count", 0)
    if not count:
        return "0"
    nearest = info.get("nearestExpiry")
    return f"{count} (expires {nearest})" if nearest else str(count)


def fmt_scope(scope: dict[str, Any]) -> str:
    """``changedSince main, shards 1/3, 3/3``: what a partial run covered, in words."""
    parts = []
    for key, value in sorted(scope.items()):
        if isinstance(value, list):
            parts.append(f"{key}{'s' if len(value) != 1 else ''} {', '.join(map(str, value))}")
        else:
            parts.append(f"{key} {value}")
    return ", ".join(parts)


def headline(result: dict[str, Any]) -> list[str]:
    """What every format says first: the organisation score, or why there is none, and
    whether the run covered the whole project."""
    org = result["organisation"]
    lines = []
    if org["documents"] == 0:
        lines.append("No documents to score: no score.")
    else:
        gov = ", ".join(result.get("governance") or []) or "none"
        lines.append(
            f"Organisation score {fmt_score(org['score'])} / 100 "
            f"({plural(org['documents'], 'document')}, "
            f"{plural(len(result['services']), 'service')}, "
            f"{plural(len(result['teams']), 'team')}, governance {gov})"
        )
        lines.append(
            f"Compliance {fmt_rate(org['compliance'])} of documents without errors; "
            f"API doc completeness {fmt_rate(org['docCompleteness'])}; "
            f"suppressed findings {fmt_suppressed(org['suppressed'])}"
        )
    if result.get("partial"):
        scope = fmt_scope(result.get("scope") or {})
        lines.append(f"PARTIAL RUN ({scope}): these scores cover only the files this run "
                     "linted, not the whole project.")
    return lines


def table(header: Sequence[str], rows: Sequence[Sequence[str]],
           right: Sequence[bool]) -> list[str]:
    """Aligned columns; cells (team, service and file names come from the repository) have
    control characters escaped and cannot start a CI workflow command."""
    from govlint.reports.text import printable

    rows = [[printable(str(c)) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if r else c.ljust(w)
                         for c, w, r in zip(cells, widths, right, strict=True)).rstrip()

    return [line(header), *(line(r) for r in rows)]


def text(result: dict[str, Any]) -> str:
    out = headline(result)
    cats = result.get("categories", [])
    if result["teams"]:
        out += ["", *table(
            ["TEAM", "SCORE", "SERVICES", "DOCS", "COMPLIANCE", "SUPPRESSED"],
            [[t["name"], fmt_score(t["score"]), str(len(t["services"])), str(t["documents"]),
              fmt_rate(t["compliance"]), fmt_suppressed(t["suppressed"])]
             for t in result["teams"]],
            [False, True, True, True, True, False],
        )]
    if result["services"]:
        out += ["", *table(
            ["SERVICE", "TEAM", "SCORE", *cats, "E/W", "GOV", "SUPPRESSED"],
            [[s["name"], s["team"], fmt_score(s["score"]),
              *(fmt_score(s["categories"].get(c)) for c in cats),
              f"{s['findings']['error']}/{s['findings']['warn']}",
              (s.get("governance") or {}).get("version") or "-",
              fmt_suppressed(s["suppressed"])]
             for s in result["services"]],
            [False, False, True, *([True] * len(cats)), True, False, False],
        )]
    top = result.get("metrics", {}).get("topRules", [])
    if top:
        from govlint.reports.text import printable

        out += ["", "Most violated rules:"]
        for r in top:  # to_json already kept the --top N most violated
            files = r["files"]
            out.append(f"  {printable(str(r['rule'])):<10} "
                       f"{plural(r['count'], 'finding'):>12} in "
                       f"{plural(len(files), 'file')}")
    return "\n".join(out) + "\n"


def markdown(result: dict[str, Any]) -> str:
    out = ["## Governance health score", ""]
    out += [f"{line}  " for line in headline(result)]
    cats = result.get("categories", [])
    if result["teams"]:
        out += ["", "| Team | Score | Services | Documents | Compliance | Suppressed |",
                "|---|---:|---:|---:|---:|---|"]
        out += [f"| {_md(t['name'])} | {fmt_score(t['score'])} | {len(t['services'])} | "
                f"{t['documents']} | {fmt_rate(t['compliance'])} | "
                f"{fmt_suppressed(t['suppressed'])} |" for t in result["teams"]]
    if result["services"]:
        out += ["", "| Service | Team | Score | " + " | ".join(cats)
                + " | Governance | Suppressed |", "|---|---|---:|" + "---:|" * len(cats)
                + "---|---|"]
        out += [f"| {_md(s['name'])} | {_md(s['team'])} | {fmt_score(s['score'])} | "
                + " | ".join(fmt_score(s["categories"].get(c)) for c in cats)
                + f" | {_md(str((s.get('governance') or {}).get('version') or '-'))}"
                + f" | {fmt_suppressed(s['suppressed'])} |" for s in result["services"]]
    top = result.get("metrics", {}).get("topRules", [])
    if top:
        out += ["", "| Rule | Findings | Files |", "|---|---:|---|"]
        out += [f"| {_md(str(r['rule']))} | {r['count']} | "
                + ", ".join(_code(str(f)) for f in r["files"][:5])
                + (" …" if len(r["files"]) > 5 else "") + " |" for r in top]
    return "\n".join(out) + "\n"


def _md(value: str) -> str:
    """A table cell of the PR comment / job summary: HTML, markup and ``|`` escaped."""
    from govlint.reports.markdown import cell

    return cell(value)


def _code(value: str) -> str:
    from govlint.reports.markdown import code

    return code(value)
