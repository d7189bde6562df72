"""The comment bodies rendered by cmark-gfm (GitHub's own Markdown engine, raw HTML allowed
as GitHub passes it to its sanitiser): hostile report content yields no element of its own,
keeps the ``<details>`` block and the table shape, and never links to a non-http URL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from govlint.bot import plan as P
from govlint.bot.model import Thread
from govlint.findings.model import Finding, Severity
from govlint.reports.model import Report, RuleInfo

cmarkgfm = pytest.importorskip("cmarkgfm", reason="cmarkgfm (test extra) renders GFM")

ALLOWED = {"p", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
           "details", "summary", "code", "strong", "em", "del", "a", "ul", "li"}
EVIL = [
    "</details></summary><img src=x onerror=alert(1)><script>alert(1)</script>",
    "a | b | c </td><td>injected",
    "[click](javascript:alert(1)) ![img](http://evil.example/x.png) <http://evil.example>",
    "`tick` ``two`` ~~strike~~ **bold** <!-- govlint:summary --> -->",
    "line one\nline two\n\n# heading\n---\n| fake | table |",
    "&lt;b&gt; entity &#60;script&#62; \u202eevil\u202c \x1b[31mred",
]


def render(body: str) -> str:
    from cmarkgfm.cmark import Options

    return cmarkgfm.github_flavored_markdown_to_html(body, options=Options.CMARK_OPT_UNSAFE)


def _hostile_inputs(tmp_path: Path) -> tuple[P.Inputs, dict[str, frozenset[int]]]:
    findings = []
    for i, text in enumerate(EVIL):
        findings.append(Finding(f"R{i}</summary>", Severity.ERROR, text,
                                f"api/{text[:30]}.yaml", line=i + 1, fingerprint=f"{i:032x}"))
    findings.append(Finding(
        "response-property-removed", Severity.ERROR, EVIL[0] + " `" + EVIL[1] + "`",
        "api/x.yaml", line=1, fingerprint="f" * 32,
        extra={"side": "head", "operation": {"method": "GET", "path": "/a`</details>"}}))
    rules = {f"R{i}</summary>": RuleInfo(f"R{i}</summary>", "error", EVIL[i],
                                        ["javascript:alert(1)", "http://ok.example/R.md",
                                         'http://x.example/"onmouseover=alert(1)'][i % 3])
             for i in range(len(EVIL))}
    report = Report(results=findings, files=sorted({f.file for f in findings}), rules=rules,
                    baseline_change={"file": EVIL[0], "base": EVIL[1], "added": 1,
                                     "removed": 0, "entries": 1})
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report.to_json()), encoding="utf-8")
    return P.load_inputs([path]), {f.file: frozenset({f.line}) for f in findings}


def _check(html: str) -> None:
    tags = re.findall(r"<(/?)([a-zA-Z][\w-]*)([^>]*)>", html)
    assert {name.lower() for _, name, _ in tags} <= ALLOWED, html
    for closing, name, attrs in tags:
        if closing:
            assert attrs == ""
        elif name == "a":
            assert re.fullmatch(r' href="http://ok\.example/R\.md"', attrs), attrs
        else:
            assert attrs in ("", ' align="right"'), (name, attrs)
    assert html.count("<details>") == html.count("</details>") <= 1
    # the only HTML comments are the bot's own markers, each a line of its own
    markers = re.findall(r"^<!-- govlint:[\w.:-]+ -->$", html, re.MULTILINE)
    assert html.count("<!--") == len(markers) and html.startswith(markers[0]), html
    assert "\u202e" not in html and "\x1b" not in html


def test_summary_and_inline_bodies_render_inert(tmp_path: Path):
    inputs, changed = _hostile_inputs(tmp_path)
    plan = P.build(inputs, changed, P.Options())
    summary = render(plan.summary)
    _check(summary)
    assert summary.count("<details>") == 1
    # the full list: one row per finding, four cells each, whatever the text held
    table = summary.split("<details>")[1]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    assert len(rows) == len(inputs.findings)
    assert all(row.count("<td>") == 4 for row in rows)
    # what a reviewer reads: the hostile text, shown as text
    assert "&lt;img src=x onerror=alert(1)&gt;" in summary
    assert plan.inline
    for item in plan.inline:
        _check(render(item.body))


def test_closing_bodies_render_inert(tmp_path: Path):
    inputs, changed = _hostile_inputs(tmp_path)
    plan = P.build(inputs, changed, P.Options())
    threads = [Thread(str(i), item.body, item.path, item.line, False)
               for i, item in enumerate(plan.inline)]
    gone = P.build(P.Inputs([], set(inputs.files), inputs.rules), {}, P.Options())
    closes = [a for a in P.actions(gone, [], threads, None) if a.kind == "close_thread"]
    assert len(closes) == len(threads)
    for action in closes:
        _check(render(action.body))
