"""Keep docs/rules/<ID>.md of the OpenAPI governance rules in sync with the rulesets and
the test fixtures: the header table comes from the rulesets, the examples are the fixture
files verbatim. Run ``python tests/rules/governance/rule_docs.py`` to rewrite the generated
blocks; ``--check`` (and the test suite) fails when a page is stale.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DOCS = REPO / "docs" / "rules"
RULESETS = REPO / "rulesets" / "governance"
VERSIONS = ("3.1", "3.2")

RULES = (
    "NAM-001", "NAM-002", "NAM-003", "NAM-004", "NAM-005", "NAM-006",
    "ERR-001", "ERR-002", "ERR-003", "ERR-004", "ERR-005",
    "TRC-001", "TRC-002",
    "DOC-001", "DOC-002", "DOC-003",
    "SBX-001", "SBX-002", "SBX-003",
)
# Extra fixture files a rule's examples need (shown after the pass example).
EXTRA_FIXTURES = {"ERR-004": ("errors/catalog.yaml",)}

_BLOCK = re.compile(r"(<!-- generated:(\w+) -->\n).*?(<!-- /generated -->)", re.S)
_VAR = re.compile(r"\{\{\s*vars\.(\w+)\s*\}\}")


def _raw_rules(version: str) -> dict[str, Any]:
    data = yaml.safe_load((RULESETS / version / "openapi.yaml").read_text(encoding="utf-8"))
    return data.get("rules") or {}


def _merged() -> dict[str, dict[str, Any]]:
    """Per version, each rule's effective definition (3.2 = 3.1 + its adjustments)."""
    out: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] = {}
    for version in VERSIONS:
        current = {k: dict(v) for k, v in current.items()}
        for name, rdef in _raw_rules(version).items():
            if isinstance(rdef, dict):
                current[name] = {**current.get(name, {}), **rdef}
            elif isinstance(rdef, str):
                current[name] = {**current[name], "severity": rdef}
            elif rdef is False:
                current.pop(name, None)
        out[version] = current
    return out


_SEVERITY = {"warn": "warning", "error": "error", "info": "info", "hint": "hint"}


def header(rule: str, merged: dict[str, dict[str, Any]]) -> str:
    latest = next(merged[v][rule] for v in reversed(VERSIONS) if rule in merged[v])
    severities = " · ".join(
        f"{v}: **{_SEVERITY.get(str(merged[v][rule].get('severity', 'warn')), '?')}**"
        if rule in merged[v] else f"{v}: —"
        for v in VERSIONS
    )
    used_vars = sorted(set(_VAR.findall(yaml.safe_dump(latest.get("then")))))
    rows = [
        ("Severity", severities),
        ("Reads", ", ".join(latest.get("artifacts") or [])),
        ("Sandboxable", "yes (drops to warning inside a valid sandbox, [SBX-004](SBX-004.md))"
         if latest.get("sandboxable") else "no"),
        ("Variables", ", ".join(f"`{v}`" for v in used_vars) or "—"),
    ]
    lines = [f"> {latest['description']}", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in rows]
    lines += ["", f"**Why.** {latest['rationale']}"]
    return "\n".join(lines) + "\n"


def _fixture_block(rule: str, name: str) -> str:
    text = (FIXTURES / rule / name).read_text(encoding="utf-8")
    rel = f"tests/rules/governance/fixtures/{rule}/{name}"
    return f"`{rel}`:\n\n```yaml\n{text.rstrip()}\n```\n"


def examples(rule: str) -> str:
    parts = ["### Failing\n", _fixture_block(rule, "fail.yaml"),
             "\n### Passing\n", _fixture_block(rule, "pass.yaml")]
    for extra in EXTRA_FIXTURES.get(rule, ()):
        parts += ["\n", _fixture_block(rule, extra)]
    return "".join(parts)


def render(rule: str, text: str, merged: dict[str, dict[str, Any]]) -> str:
    blocks = {"header": header(rule, merged), "examples": examples(rule)}

    def replace(m: re.Match[str]) -> str:
        return m.group(1) + blocks[m.group(2)] + m.group(3)

    return _BLOCK.sub(replace, text)


def stale(write: bool) -> list[str]:
    merged = _merged()
    out: list[str] = []
    for rule in RULES:
        page = DOCS / f"{rule}.md"
        text = page.read_text(encoding="utf-8")
        new = render(rule, text, merged)
        if "<!-- generated:header -->" not in text or "<!-- generated:examples -->" not in text:
            out.append(f"{page}: missing generated blocks")
        elif new != text:
            out.append(str(page))
            if write:
                page.write_text(new, encoding="utf-8")
    return out


if __name__ == "__main__":
    check = "--check" in sys.argv[1:]
    problems = stale(write=not check)
    for p in problems:
        print(("stale: " if check else "updated: ") + p)
    sys.exit(1 if check and problems else 0)
