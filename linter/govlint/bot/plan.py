"""What the comment bot should post, whatever the forge: govlint JSON reports -> one summary
body and the inline comments wanted; the comments already on the merge request -> actions.

Everything from a report is repository content (file names, messages, rule ids, URLs from
a ruleset): it goes through :func:`text`/:func:`code` so it cannot bring HTML (close the
``<details>`` block), fake a marker, or notify anyone (``@user``, ``@org/team``, ``#12``,
GitLab's ``!12 ~label %milestone &epic $snippet``): a word joiner after the sigil keeps
the text readable and makes the forge's reference parser skip it.

Markers: the summary *starts* with ``<!-- govlint:summary -->`` (``<!-- govlint:summary:NAME
-->`` with ``--marker NAME``), an inline comment with ``<!-- govlint:finding:FP -->``
(``<!-- govlint:finding:NAME:FP -->``); only a body that starts with the marker is the
bot's, so a marker quoted inside another comment is never taken for it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govlint.errors import GovlintError
from govlint.findings.model import Finding, Severity
from govlint.reports.model import Report, RuleInfo, sort_findings, stable_fingerprint
from govlint.wording import plural

GITLAB_LIMIT = 1_000_000  # characters GitLab accepts in a note
GITHUB_LIMIT = 65_536  # characters GitHub accepts in a comment body
TOP_RULES = 10
FIXED_MARKER = "<!-- govlint:fixed -->"  # the same as bot.github.FIXED_MARKER
_MARKER_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_FINDING_MARKER = re.compile(
    r"<!-- govlint:finding:(?:([A-Za-z0-9_.-]{1,64}):)?([0-9a-f]{1,64}(?:-[0-9]{1,9})?) -->")
# A line GitLab would run as a quick action (``/approve``, ``/merge``) in an API-made note.
_COMMAND_LINE = re.compile(r"(?m)^([ \t>]{0,64})/")
_ICONS = {Severity.ERROR: "🔴", Severity.WARN: "🟠", Severity.INFO: "🔵", Severity.HINT: "⚪"}
_ORDER = (Severity.ERROR, Severity.WARN, Severity.INFO, Severity.HINT)
_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]{1,500}")
# A sigil that starts a mention or reference on GitLab or GitHub, before a name/number.
_REFERENCE = re.compile(r"([@#!~%&$^])(?=[\w\"'(\[{<-])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_MARKUP = re.compile(r"([\\`*_\[\]~|])")
_WORD_JOINER = "\u2060"
# GFM turns bare URLs and www. names into links: a word joiner inside keeps them text.
_AUTOLINK = re.compile(r"(?i)(?<=\w)(?=://)|(?<=\bwww)(?=\.)")


# -- escaping ------------------------------------------------------------------------------

def text(value: object) -> str:
    """``value`` inert in a comment (one line): controls escaped, HTML as entities,
    Markdown punctuation backslash-escaped, mentions, references and bare URLs broken."""
    from govlint.reports.text import escape_controls

    s = escape_controls(" ".join(str(value).split()))
    s = _REFERENCE.sub(lambda m: m.group(1) + _WORD_JOINER, s)
    s = _AUTOLINK.sub(_WORD_JOINER, s)
    s = "".join(_HTML.get(c, c) for c in s)
    s = _MARKUP.sub(r"\\\1", s)
    return "\\" + s if s.startswith("/") else s


def code(value: object) -> str:
    """``value`` as an inline code span (HTML, Markdown and references are literal there);
    a backtick would end the span, ``|`` would split a table cell, ``<!--`` is broken so a
    file name cannot carry a marker."""
    from govlint.reports.text import escape_controls

    s = escape_controls(" ".join(str(value).split())).replace("`", "'").replace("|", "\\|")
    s = s.replace("<!--", "<!" + _WORD_JOINER + "--")
    return f"`{s}`"


def link(url: object) -> str | None:
    """A documentation URL from a report, if it is a plain http(s) URL (else no link) and
    not under the placeholder base govlint uses until ``GOVLINT_DOCS_URL`` is set at lint
    time (``github.com/your-org/govlint``: a link to nowhere)."""
    from govlint.resources import DEFAULT_DOCS_URL

    if not isinstance(url, str) or not _URL.fullmatch(url):
        return None
    return None if url.startswith(DEFAULT_DOCS_URL + "/") else url


def summary_marker(name: str | None) -> str:
    return f"<!-- govlint:summary:{name} -->" if name else "<!-- govlint:summary -->"


def finding_marker(name: str | None, fingerprint: str) -> str:
    return f"<!-- govlint:finding:{name + ':' if name else ''}{fingerprint} -->"


def check_marker_name(name: str | None) -> str | None:
    if name is not None and not _MARKER_NAME.fullmatch(name):
        raise GovlintError(f"--marker {name!r}: use 1-64 letters, digits, '.', '_' or '-'")
    return name


def marker_of(body: str, name: str | None) -> str | None:
    """The fingerprint of the bot's inline comment ``body`` under marker ``name``."""
    match = _FINDING_MARKER.match(body)
    if match is None or (match.group(1) or None) != name:
        return None
    return match.group(2)


# -- inputs --------------------------------------------------------------------------------

@dataclass
class Inputs:
    """The reports given to ``govlint comment``, combined."""

    findings: list[Finding]  # every report's results, deduplicated, in report order
    files: set[str]  # files some report linted (a partial run closes no thread elsewhere)
    rules: dict[str, RuleInfo]
    baseline_changes: list[dict[str, Any]] = field(default_factory=list)
    waiver_changes: list[dict[str, Any]] = field(default_factory=list)
    score: float | None = None
    base_score: float | None = None
    partial: bool = False


def load_inputs(paths: Sequence[Path], base_score: Path | None = None) -> Inputs:
    """Read lint/merge/diff JSON reports and ``score --format json`` reports; a file that is
    neither is a :class:`GovlintError` naming it (exit 2)."""
    from govlint.reports.merge import report_from_data

    reports: list[Report] = []
    score: float | None = None
    for path in paths:
        data = _read_json(path)
        if isinstance(data, dict) and "organisation" in data and "tool" not in data:
            score = _score_of(path, data)
        else:
            reports.append(report_from_data(path, data))
    base = _score_of(base_score, _read_json(base_score)) if base_score is not None else None
    findings: dict[tuple[str, str, str], Finding] = {}
    rules: dict[str, RuleInfo] = {}
    files: set[str] = set()
    inputs = Inputs([], files, rules, score=score, base_score=base)
    for report in reports:
        for f in report.results:
            findings.setdefault((stable_fingerprint(f), f.rule, f.file), f)
        files.update(report.files)
        for rule_id, info in report.rules.items():
            rules.setdefault(rule_id, info)
        if report.baseline_change and report.baseline_change not in inputs.baseline_changes:
            inputs.baseline_changes.append(report.baseline_change)
        waiver_change = getattr(report, "waiver_change", None)
        if waiver_change and waiver_change not in inputs.waiver_changes:
            inputs.waiver_changes.append(waiver_change)
        inputs.partial = inputs.partial or bool(report.partial)
    inputs.findings = sort_findings(findings.values())
    return inputs


def _read_json(path: Path) -> Any:
    import orjson

    try:
        return orjson.loads(path.read_bytes())
    except OSError as exc:
        raise GovlintError(f"cannot read report {path}: {exc.strerror or exc}") from None
    except orjson.JSONDecodeError as exc:
        raise GovlintError(f"{path}: not a JSON report: {exc}") from None


def _score_of(path: Path | None, data: Any) -> float:
    org = data.get("organisation") if isinstance(data, dict) else None
    value = org.get("score") if isinstance(org, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise GovlintError(f"{path}: not a govlint score report (written with "
                           "`govlint score --format json`?): no organisation score")
    return float(value)


# -- the plan ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Inline:
    path: str
    line: int
    fingerprint: str
    body: str


@dataclass
class Plan:
    summary: str
    inline: list[Inline]
    active: set[str]  # fingerprints of every active finding (a thread for one stays open)
    suppressed: dict[str, str]  # fingerprint -> suppression kind
    files: set[str]
    partial: bool = False  # some report linted only part of the project


@dataclass(frozen=True)
class Options:
    marker: str | None = None
    inline: bool = True
    inline_severity: Severity = Severity.WARN
    max_inline: int = 25
    limit: int = GITLAB_LIMIT
    noun: str = "MR"  # "PR" on GitHub: what its users call a pull request


def build(inputs: Inputs, changed: Mapping[str, frozenset[int]], options: Options) -> Plan:
    """The summary and the inline comments for ``changed`` (head path -> changed lines)."""
    active = [f for f in inputs.findings if f.suppressed is None and f.severity >= 0]
    eligible = [f for f in active if f.line in changed.get(f.file, frozenset())]
    wanted = sorted((f for f in eligible if f.severity <= options.inline_severity),
                    key=lambda f: (f.severity, *f.sort_key())) if options.inline else []
    posted = wanted[: options.max_inline]
    inline = [Inline(f.file, f.line, stable_fingerprint(f),
                     _inline_body(f, inputs.rules, options)) for f in posted]
    summary = _summary(inputs, active, eligible, len(posted), len(wanted) - len(posted),
                       options)
    return Plan(summary, inline, {stable_fingerprint(f) for f in active},
                {stable_fingerprint(f): str(f.suppressed.get("kind", "exception"))
                 for f in inputs.findings if f.suppressed}, set(inputs.files),
                inputs.partial)


def _inline_body(f: Finding, rules: Mapping[str, RuleInfo], options: Options) -> str:
    info = rules.get(f.rule)
    docs = link(info.documentation_url) if info else None
    head = f"{_ICONS.get(f.severity, '')} **{f.severity.label}** {code(f.rule)}"
    if docs:
        head += f" ([docs]({docs}))"
    lines = [finding_marker(options.marker, stable_fingerprint(f)), head, "", text(f.message)]
    if info and info.rationale:
        lines += ["", f"_Why:_ {text(info.rationale)}"]
    return _bounded("\n".join(lines), options.limit)


def _summary(inputs: Inputs, active: list[Finding], eligible: list[Finding], posted: int,
             over: int, options: Options) -> str:
    from govlint.reports.changelog import is_change
    from govlint.reports.changelog import section as changelog_section

    changes = [f for f in active if is_change(f)]
    problems = [f for f in active if not is_change(f)]
    counts = Counter(f.severity for f in problems)
    suppressed = Counter(_accepted(f.suppressed) for f in inputs.findings if f.suppressed)
    on_changed = {id(f) for f in eligible}
    lines = [summary_marker(options.marker), _verdict(problems, changes), ""]
    if inputs.partial:
        lines += ["_A partial run (`--changed-since` or shards): only the files it linted "
                  "are reported._", ""]
    lines += ["| | errors | warnings | infos | hints |", "|---|---:|---:|---:|---:|"]
    new = Counter(f.severity for f in problems if id(f) in on_changed)
    lines.append(f"| on lines this {options.noun} changed | " +
                 " | ".join(str(new.get(s, 0)) for s in _ORDER) + " |")
    lines.append("| elsewhere in the files linted | " +
                 " | ".join(str(counts.get(s, 0) - new.get(s, 0)) for s in _ORDER) + " |")
    lines.append("")
    if suppressed:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(suppressed.items()))
        lines += [f"Already accepted, not counted: {kinds}.", ""]
    lines += _exceptions_added(inputs)
    if inputs.score is not None:
        lines += [_score_line(inputs.score, inputs.base_score), ""]
    if changes:
        n = Counter(f.severity for f in changes)
        lines += [f"#### API changes: {n.get(Severity.ERROR, 0)} breaking, "
                  f"{n.get(Severity.WARN, 0)} possibly breaking", "",
                  *changelog_section(changes, text, code)]
    if problems:
        lines += _top_rules(problems, inputs.rules)
    if options.inline:
        note = (f"Inline comments: {posted} on changed lines (at or above "
                f"{options.inline_severity.label})")
        if over:
            note += f"; {over} more not posted (`--max-inline {options.max_inline}`)"
        lines += [note + ".", ""]
    body = "\n".join(lines)
    return _with_details(body, active, options.limit)


def _accepted(suppressed: Mapping[str, Any]) -> str:
    """How the summary names a suppression: ``--new-since REF`` records its findings as
    baseline ``git:REF``, which means "already there at REF"."""
    kind = str(suppressed.get("kind"))
    source = suppressed.get("baseline")
    if kind == "baseline" and isinstance(source, str) and source.startswith("git:"):
        return f"already there at {code(source[4:])}"
    return _KIND_WORDS.get(kind, text(kind))


_KIND_WORDS = {"baseline": "in the baseline",
               "waiver": "waived", "sandbox": "in sandbox zones"}


def _verdict(problems: list[Finding], changes: list[Finding]) -> str:
    errors = sum(1 for f in problems if f.severity is Severity.ERROR)
    breaking = sum(1 for f in changes if f.severity is Severity.ERROR)
    if errors or breaking:
        parts = [plural(errors, "error")] if errors else []
        parts += [plural(breaking, "breaking change")] if breaking else []
        return f"### govlint: ❌ {', '.join(parts)}"
    if problems or changes:
        return f"### govlint: ⚠️ {plural(len(problems) + len(changes), 'finding')}, no errors"
    return "### govlint: ✅ no problems"


def _exceptions_added(inputs: Inputs) -> list[str]:
    lines: list[str] = []
    for change in inputs.baseline_changes:
        added = _int(change.get("added"))
        removed = _int(change.get("removed"))
        lines.append(f"- {'⚠️ ' if added else ''}Baseline {code(change.get('file'))}: "
                     f"**{plural(added, 'entry', 'entries')} added** since "
                     f"{code(change.get('base'))}" + (f", {removed} removed" if removed else ""))
    for change in inputs.waiver_changes:
        added = change.get("added") if isinstance(change.get("added"), list) else []
        lines.append(f"- {'⚠️ ' if added else ''}Waivers {code(change.get('file'))}: "
                     f"**{plural(len(added), 'waiver')} added** since {code(change.get('base'))}")
        for w in added[:20]:
            if isinstance(w, Mapping):
                files = w.get("files") if isinstance(w.get("files"), list) else []
                where = ", ".join(code(f) for f in files[:5]) + (", …" if len(files) > 5 else "")
                lines.append(f"  - {code(w.get('rule'))} in {where or '?'} (owner "
                             f"{text(w.get('owner'))}, approved by {text(w.get('approver'))}, "
                             f"until {text(w.get('expires'))}): {text(w.get('reason'))}")
        if len(added) > 20:
            lines.append(f"  - … and {len(added) - 20} more")
    return ([*lines, ""]) if lines else []


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _score_line(score: float, base: float | None) -> str:
    line = f"Health score: **{score:.1f}**"
    if base is not None:
        delta = round(score - base, 1)
        arrow = "▲" if delta > 0 else "▼" if delta < 0 else "="
        line += f" ({arrow} {delta:+.1f} from {base:.1f})"
    return line


def _top_rules(problems: list[Finding], rules: Mapping[str, RuleInfo]) -> list[str]:
    by_rule = Counter(f.rule for f in problems)
    worst: dict[str, Severity] = {}
    for f in problems:
        worst[f.rule] = min(f.severity, worst.get(f.rule, f.severity))
    ranked = sorted(by_rule, key=lambda r: (worst[r], -by_rule[r], r))
    lines = ["#### Top rules", "", "| rule | findings | |", "|---|---:|---|"]
    for rule in ranked[:TOP_RULES]:
        info = rules.get(rule)
        docs = link(info.documentation_url) if info else None
        about = text(info.description) if info and info.description else ""
        if docs:
            about = f"[docs]({docs})" + (f" {about}" if about else "")
        lines.append(f"| {_ICONS.get(worst[rule], '')} {code(rule)} | {by_rule[rule]} "
                     f"| {about} |")
    if len(ranked) > TOP_RULES:
        lines.append(f"| … and {plural(len(ranked) - TOP_RULES, 'more rule')} | | |")
    return [*lines, ""]


def _with_details(body: str, active: list[Finding], limit: int) -> str:
    """``body`` and the full list of active findings in a ``<details>`` block, cut so that
    the whole stays under ``limit`` characters (the cut is said)."""
    if not active:
        return _bounded(body, limit)
    head = ["<details><summary>All " + plural(len(active), "finding") + "</summary>", "",
            "| | location | rule | message |", "|---|---|---|---|"]
    tail = ["", "</details>"]
    budget = limit - len(body) - sum(len(x) + 1 for x in head + tail) - 200
    rows: list[str] = []
    ordered = sorted(active, key=lambda f: (f.severity, *f.sort_key()))
    for i, f in enumerate(ordered):
        row = (f"| {_ICONS.get(f.severity, '')} {f.severity.label} | {code(f'{f.file}:{f.line}')}"
               f" | {code(f.rule)} | {text(f.message)} |")
        if budget - len(row) - 1 < 0:
            rows.append(f"| | … {len(ordered) - i} more not shown (comment size limit) | | |")
            break
        budget -= len(row) + 1
        rows.append(row)
    if budget < 0:  # even the head does not fit: no list
        return _bounded(body, limit)
    return _bounded("\n".join([body, *head, *rows, *tail]), limit)


def no_commands(body: str) -> str:
    """``body`` with every line that starts with ``/`` escaped (``\\/`` renders as ``/``):
    GitLab runs quick actions (``/approve``, ``/merge``) found at the start of a line in
    notes and discussions created through the API, whoever wrote the text."""
    return _COMMAND_LINE.sub(lambda m: m.group(1) + "\\/", body)


def _bounded(body: str, limit: int) -> str:
    """``body`` cut to ``limit`` characters with a note (a last resort: the summary's list
    is cut row by row before this); no line of it can be a GitLab quick action."""
    body = no_commands(body)
    if len(body) <= limit:
        return body + "\n" if not body.endswith("\n") else body
    note = "\n\n_… cut: the comment size limit was reached._\n"
    return body[: max(0, limit - len(note))].rsplit("\n", 1)[0] + note


# -- actions -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Action:
    """One write: ``create_comment``, ``update_comment``, ``delete_comment``,
    ``create_thread``, ``update_thread`` or ``close_thread`` (``target`` is the
    Comment/Thread acted on)."""

    kind: str
    body: str
    target: Any = None
    path: str | None = None
    line: int | None = None


def actions(plan: Plan, comments: Iterable[Any], threads: Iterable[Any],
            name: str | None) -> list[Action]:
    """What to write so the MR shows ``plan``: the summary created once and edited only
    when its text changes; one thread per wanted finding that has none (open or resolved:
    a reviewer who resolved it decided; one the bot closed as fixed does not count, so a
    finding that comes back is posted again); a thread whose finding is gone from every
    report closed once (a partial run leaves threads in files it did not lint; a thread a
    human reopened after the bot's "fixed" is left to them); duplicate summaries deleted."""
    out: list[Action] = []
    marker = summary_marker(name)
    mine = [c for c in comments if c.body.startswith(marker + "\n") or c.body == marker]
    if not mine:
        out.append(Action("create_comment", plan.summary))
    elif _normal(mine[0].body) != _normal(plan.summary):
        out.append(Action("update_comment", plan.summary, mine[0]))
    # Several summaries of ours (a create answered 5xx after it was applied, two jobs at
    # once): the first is kept, the others go.
    out += [Action("delete_comment", "", c) for c in mine[1:]]
    existing: dict[str, list[Any]] = {}
    for t in threads:
        fp = marker_of(t.body, name)
        if fp is not None:
            existing.setdefault(fp, []).append(t)
    for item in plan.inline:
        # a thread the bot closed as fixed does not count (the finding came back), nor one
        # the forge marks outdated (GitHub: ``line`` null after the line was edited)
        live = [t for t in existing.get(item.fingerprint, [])
                if not _fixed(t) and (t.line is not None or t.resolved)]
        if not live:
            out.append(Action("create_thread", item.body, path=item.path, line=item.line))
        elif not any(t.resolved for t in live) and _normal(live[0].body) != _normal(item.body):
            # the finding's message or severity changed: the open thread says it now
            out.append(Action("update_thread", item.body, live[0]))
    for fp, found in sorted(existing.items()):
        if fp in plan.active:
            continue
        for t in found:
            # resolved by a reviewer, closed by the bot before (and maybe reopened by a
            # human since: theirs to decide), or in a file a partial run did not lint
            if t.resolved or _fixed(t) or (plan.partial and t.path
                                           and t.path not in plan.files):
                continue
            out.append(Action("close_thread", _closing(t.body, plan.suppressed.get(fp), name),
                              t))
    return out


def _fixed(thread: Any) -> bool:
    return bool(getattr(thread, "fixed", False)) or FIXED_MARKER in thread.body


def _closing(body: str, kind: str | None, name: str | None) -> str:
    """The note a closed thread gets (GitLab) or its new body (GitHub): marker kept."""
    fp = marker_of(body, name) or ""
    why = (f"suppressed ({_KIND_WORDS.get(kind, text(kind))})" if kind
           else "fixed: govlint no longer reports it")
    first = body.split("\n", 2)[1] if body.count("\n") >= 1 else ""
    return no_commands("\n".join([finding_marker(name, fp), FIXED_MARKER,
                                  f"✅ ~~{first.strip()}~~" if first.strip() else "✅", "",
                                  f"**{why[0].upper()}{why[1:]}.**", ""]))


def _normal(body: str) -> str:
    return "\n".join(line.rstrip() for line in body.replace("\r\n", "\n").strip().split("\n"))
