"""``junit``: JUnit XML for GitLab's test report widget (``artifacts:reports:junit``).

One ``testsuite`` per linted file (clean files too, so fixes show as resolved). In it, one
passing ``testcase`` per rule that ran, named by the rule id; a rule with findings in the file
instead gets one failing ``testcase`` per finding, named ``RULE @ #/json/pointer`` (stable when
lines shift, so GitLab's base/head comparison matches them) with a single ``failure`` each
(GitLab reads one failure per test case). Test names are unique within a suite: identical
duplicates get `` (2)``, `` (3)``… Suppressed findings are left out: a waived rule passes.
Each suite starts with ``<properties>`` naming the governance spec version and the ruleset
digest (``governance.version``, ``governance.digest``), so a stored result says which rules
judged it; JUnit's schema allows properties on a testsuite only (GitLab ignores them).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import IO, TYPE_CHECKING

from govlint.reports.model import active
from govlint.reports.text import printable

if TYPE_CHECKING:
    from govlint.findings.model import Finding
    from govlint.reports.model import Report

# XML 1.0 cannot carry most control characters, even escaped; lone surrogates (a non-UTF-8
# file name) cannot be encoded at all.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _case_name(f: Finding) -> str:
    where = f"#{printable(f.pointer)}"
    if f.document is not None:
        where = f"document {f.document} {where}"
    return f"{f.rule} @ {where}"


def _failure_text(f: Finding) -> str:
    """Multi-line text; a file name stays on its line and no line of the message can start
    a CI workflow command (the XML is printed to the job log with ``-f junit``)."""
    lines = [
        f"{printable(f.file)}:{f.line}:{f.column} {f.severity.label} {printable(f.rule)}",
        printable(f.message, keep_newlines=True),
        f"at #{printable(f.pointer)}"
        + (f" (document {f.document})" if f.document is not None else ""),
    ]
    return "\n".join(lines)


def _properties(report: Report) -> dict[str, str]:
    governance = report.governance or {}
    return {f"governance.{key}": _clean(str(governance[key]))
            for key in ("version", "digest") if governance.get(key)}


def _suite(file: str, rule_ids: list[str], findings: list[Finding],
           properties: dict[str, str]) -> ET.Element:
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_rule[f.rule].append(f)
    suite = ET.Element("testsuite", name=_clean(file), file=_clean(file))
    if properties:
        props = ET.SubElement(suite, "properties")
        for name, value in properties.items():
            ET.SubElement(props, "property", name=name, value=value)
    used: set[str] = set()
    tests = failures = 0
    for rule_id in sorted(set(rule_ids) | set(by_rule)):
        for f in by_rule.get(rule_id) or [None]:
            base = rule_id if f is None else _case_name(f)
            name, n = base, 1
            while name in used:
                n += 1
                name = f"{base} ({n})"
            used.add(name)
            case = ET.SubElement(
                suite, "testcase", classname=_clean(file), name=_clean(name), file=_clean(file)
            )
            case.set("time", "0")
            tests += 1
            if f is not None:
                failures += 1
                summary = printable(" ".join(f.message.split()) or f.rule)
                failure = ET.SubElement(case, "failure", message=_clean(summary))
                failure.text = _clean(_failure_text(f))
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    return suite


def to_junit(report: Report) -> ET.Element:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in active(report.results):
        by_file[f.file].append(f)
    rule_ids = sorted(report.rules)
    properties = _properties(report)
    root = ET.Element("testsuites", name="govlint")
    tests = failures = 0
    for file in sorted(set(report.files) | set(by_file)):
        suite = _suite(file, rule_ids, by_file.get(file, []), properties)
        tests += int(suite.get("tests", "0"))
        failures += int(suite.get("failures", "0"))
        root.append(suite)
    root.set("tests", str(tests))
    root.set("failures", str(failures))
    root.set("errors", "0")
    return root


def render(report: Report, stream: IO[str], *, color: bool) -> None:
    root = to_junit(report)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
