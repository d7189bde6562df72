"""docs/rules/<ID>.md of the platform rules stay in sync with the rulesets and the fixtures:
the header (severity per version, artifacts, variables, rationale) comes from the rulesets and
the examples are the fixture files verbatim. ``python tests/rules/governance/test_platform_docs.py``
rewrites the generated blocks; the test fails when a page is stale."""

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
    "NAM-007", "NAM-008", "NAM-009", "ERR-006",
    "TRC-003", "TRC-004", "TRC-005", "TRC-006",
    "RES-001", "RES-002", "RES-003", "RES-004", "RES-005", "RES-006",
    "REL-001", "REL-002", "REL-003", "REL-004", "LOG-001",
    "k8s-crd-schema", "k8s-crd-storage-version", "k8s-crd-structural-schema", "k8s-crd-name",
    "service-config-schema",
)
_BLOCK = re.compile(r"(<!-- generated:(\w+) -->\n).*?(<!-- /generated -->)", re.S)
_VAR = re.compile(r"\{\{\s*vars\.(\w+)\s*\}\}")
_SEVERITY = {"warn": "warning", "error": "error", "info": "info", "hint": "hint",
             "off": "off (allowed)"}
_LANG = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".properties": "properties"}


def merged() -> dict[str, dict[str, Any]]:
    """Per version, each platform rule's effective definition (3.2 = 3.1 + adjustments)."""
    out: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] = {}
    for version in VERSIONS:
        raw = yaml.safe_load((RULESETS / version / "platform.yaml").read_text(encoding="utf-8"))
        current = {k: dict(v) for k, v in current.items()}
        for name, rdef in (raw.get("rules") or {}).items():
            if isinstance(rdef, dict):
                current[name] = {**current.get(name, {}), **rdef}
            elif isinstance(rdef, str):
                current[name] = {**current[name], "severity": rdef}
        out[version] = current
    return out


def header(rule: str, rules: dict[str, dict[str, Any]]) -> str:
    latest = next(rules[v][rule] for v in reversed(VERSIONS) if rule in rules[v])
    severities = " · ".join(
        f"{v}: **{_SEVERITY[str(rules[v][rule].get('severity', 'warn'))]}**"
        if rule in rules[v] else f"{v}: —" for v in VERSIONS
    )
    used = sorted(set(_VAR.findall(yaml.safe_dump(latest.get("then")))))
    rows = [
        ("Severity", severities),
        ("Reads", ", ".join(latest.get("artifacts") or [])),
        ("Scope", "workspace (compares documents)" if latest.get("scope") == "workspace"
         else "one document"),
        ("Sandboxable", "yes (drops to warning inside a valid sandbox, [SBX-004](SBX-004.md))"
         if latest.get("sandboxable") else "no"),
        ("Variables", ", ".join(f"`{v}`" for v in used) or "—"),
    ]
    lines = [f"> {latest['description']}", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in rows]
    lines += ["", f"**Why.** {latest['rationale']}"]
    return "\n".join(lines) + "\n"


def examples(rule: str) -> str:
    parts: list[str] = []
    for kind, title in (("fail", "Failing"), ("pass", "Passing")):
        base = FIXTURES / rule / kind
        parts.append(f"### {title} (`tests/rules/governance/fixtures/{rule}/{kind}/`)\n")
        for path in sorted(p for p in base.rglob("*") if p.is_file()):
            text = path.read_text(encoding="utf-8").rstrip()
            rel = path.relative_to(base).as_posix()
            parts.append(f"\n`{rel}`:\n\n```{_LANG.get(path.suffix, '')}\n{text}\n```\n")
        parts.append("\n")
    return "".join(parts).rstrip() + "\n"


def render(rule: str, text: str, rules: dict[str, dict[str, Any]]) -> str:
    blocks = {"header": header(rule, rules), "examples": examples(rule)}
    return _BLOCK.sub(lambda m: m.group(1) + blocks[m.group(2)] + m.group(3), text)


def stale(write: bool) -> list[str]:
    rules = merged()
    out: list[str] = []
    for rule in RULES:
        page = DOCS / f"{rule}.md"
        text = page.read_text(encoding="utf-8") if page.is_file() else ""
        if "<!-- generated:header -->" not in text or "<!-- generated:examples -->" not in text:
            out.append(f"{page}: missing or without generated blocks")
            continue
        new = render(rule, text, rules)
        if new != text:
            out.append(str(page))
            if write:
                page.write_text(new, encoding="utf-8")
    return out


def test_platform_rule_pages_match_rulesets_and_fixtures() -> None:
    assert stale(write=False) == [], "run python tests/rules/governance/test_platform_docs.py"


def test_every_platform_rule_has_a_page_and_fixtures() -> None:
    rules = merged()
    assert set(RULES) == set(rules["3.2"])
    for rule in RULES:
        assert (FIXTURES / rule / "fail").is_dir() and (FIXTURES / rule / "pass").is_dir()
        text = (DOCS / f"{rule}.md").read_text(encoding="utf-8")
        assert text.startswith(f"# {rule}: ")
        for section in ("## What it checks", "## Decisions", "## Examples"):
            assert section in text, (rule, section)


if __name__ == "__main__":
    for problem in stale(write="--check" not in sys.argv[1:]):
        print(problem)
