"""A tiny project for exception tests: a Spectral-format ruleset and an OpenAPI spec."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# One error rule over property names: what the waive and baseline CLI tests lint.
CAMEL_RULESET = """\
rules:
  camel-props:
    description: Property names are camelCase.
    given: "$..properties[*]~"
    severity: error
    then:
      function: pattern
      functionOptions: {match: "^[a-z][a-zA-Z0-9]*$"}
"""

RULESET = """\
rules:
  camel-props:
    description: Property names are camelCase.
    message: property name is not camelCase
    given: "$..properties[*]~"
    severity: error
    sandboxable: true
    then:
      function: pattern
      functionOptions: {match: "^[a-z][a-zA-Z0-9]*$"}
  op-summary:
    description: Operations have a summary.
    message: operation has no summary
    given: "$.paths[*][get,put,post,delete]"
    severity: error
    then: {field: summary, function: truthy}
"""

def orders_spec(properties: str) -> str:
    """The orders API whose one response schema has ``properties`` (YAML lines, indented
    as under ``properties:``) — the spec the exceptions tests lint."""
    return """\
openapi: 3.0.3
info: {title: Orders, version: "1"}
paths:
  /orders:
    get:
      summary: List orders
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
""" + properties


SPEC = orders_spec("""\
                  order_id: {type: string}
                  total: {type: number}
""")

ORDER_ID = "/paths/~1orders/get/responses/200/content/application~1json/schema/properties/order_id"


def make_project(root: Path, spec: str = SPEC, **files: str) -> Path:
    """``root`` with ``.govlint.yaml`` (rulesets: rules.yaml), the ruleset, ``api/openapi.yaml``
    and any extra ``files`` (name with ``__`` for ``/``)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / ".govlint.yaml").write_text("rulesets: [rules.yaml]\n", encoding="utf-8")
    (root / "rules.yaml").write_text(RULESET, encoding="utf-8")
    write(root / "api" / "openapi.yaml", spec)
    for name, text in files.items():
        write(root / name.replace("__", "/"), text)
    return root


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def waiver_file(root: Path, *entries: dict[str, Any], header: str = "") -> Path:
    """``.govlint/waivers.yaml`` with ``entries`` (JSON is YAML, one flow mapping a line)."""
    lines = [header + "waivers:"] + [f"  - {json.dumps(e)}" for e in entries]
    if not entries:
        lines = [header + "waivers: []"]
    return write(root / ".govlint" / "waivers.yaml", "\n".join(lines) + "\n")


def waiver(**overrides: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "rule": "camel-props", "files": "api/openapi.yaml", "owner": "orders-team",
        "approver": "api-council", "reason": "legacy clients read order_id",
        "ticket": "GOV-7", "created": "2025-01-01", "expires": "2025-03-01",
    }
    entry.update(overrides)
    return {k: v for k, v in entry.items() if v is not None}


def results(run: Any, rule: str | None = None) -> list[dict[str, Any]]:
    found = run.json()["results"]
    return [r for r in found if rule is None or r["rule"] == rule]
