"""``resolved: true`` rules see through ``$ref`` (local and relative files) and report where
the value is written, as Spectral does; ``resolved: false`` rules see the ``$ref`` itself."""

from __future__ import annotations

import textwrap
from pathlib import Path

RULESET = """
rules:
  schema-description:
    message: "{{error}}"
    given: $.paths[*][*].responses[*].content[*].schema
    then: {field: description, function: truthy}
  raw-schema-description:
    resolved: false
    message: "{{error}}"
    given: $.paths[*][*].responses[*].content[*].schema
    then: {field: description, function: truthy}
"""

SPEC = """
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "common.yaml#/components/schemas/Pet"}
        "404":
          description: missing
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
components:
  schemas:
    Error: {type: object, description: an error}
"""

COMMON = """
components:
  schemas:
    Pet:
      type: object
      properties: {name: {type: string}}
"""


def test_resolved_rules_report_in_the_referenced_file(govlint, tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(textwrap.dedent(RULESET))
    (tmp_path / "spec.yaml").write_text(textwrap.dedent(SPEC))
    (tmp_path / "common.yaml").write_text(textwrap.dedent(COMMON))
    run = govlint("lint", "spec.yaml", "-r", "r.yaml", "-f", "json", cwd=tmp_path)
    assert run.code == 0, run.stderr
    found = sorted((r["rule"], r["file"], r["pointer"], r["line"])
                   for r in run.json()["results"])
    base = "/paths/~1pets/get/responses"
    assert found == [
        ("raw-schema-description", "spec.yaml",
         f"{base}/200/content/application~1json/schema", 12),
        ("raw-schema-description", "spec.yaml",
         f"{base}/404/content/application~1json/schema", 17),
        ("schema-description", "common.yaml", "/components/schemas/Pet", 4),
    ]


def test_cyclic_refs_lint_in_bounded_time(govlint, tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text("rules:\n  any-type:\n    given: $..type\n"
                                     "    then: {function: truthy}\n")
    (tmp_path / "spec.yaml").write_text(textwrap.dedent("""
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths: {}
        components:
          schemas:
            Node:
              type: object
              properties:
                next: {$ref: "#/components/schemas/Node"}
                children: {type: array, items: {$ref: "#/components/schemas/Node"}}
    """))
    run = govlint("lint", "spec.yaml", "-r", "r.yaml", "-f", "json", cwd=tmp_path)
    assert run.code == 0 and run.json()["results"] == [], run.stderr


def test_broken_refs_reported_under_the_governance_ruleset(govlint, tmp_path: Path) -> None:
    """The governance rules read specs unresolved; broken refs are still reported."""
    (tmp_path / "openapi.yaml").write_text(textwrap.dedent("""
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths:
          /v1/pets:
            get:
              parameters:
                - $ref: "#/components/parameters/Traceparnt"
              responses:
                "200": {$ref: "./missing.yaml#/Ok"}
                "404": {$ref: "https://example.com/r.yaml#/NotFound"}
                "500": {$ref: "../../../etc/passwd#/x"}
        components:
          parameters:
            Traceparent: {name: traceparent, in: header, required: true,
                          schema: {type: string}}
    """))
    run = govlint("lint", "openapi.yaml", "-f", "json", cwd=tmp_path)
    assert run.code == 1, run.stderr
    refs = sorted((r["rule"], r["pointer"], r["line"]) for r in run.json()["results"]
                  if r["rule"].startswith("ref-"))
    responses = "/paths/~1v1~1pets/get/responses"
    assert refs == [
        ("ref-forbidden", f"{responses}/500", 12),
        ("ref-remote", f"{responses}/404", 11),
        ("ref-unresolved", "/paths/~1v1~1pets/get/parameters/0", 8),
        ("ref-unresolved", f"{responses}/200", 10),
    ]


def test_yaml_alias_sites_each_keep_their_findings(govlint, tmp_path: Path) -> None:
    """Resolved walks skip $ref targets already walked; YAML aliases are not skipped,
    because every alias site is a place of its own."""
    (tmp_path / "r.yaml").write_text(textwrap.dedent(RULESET))
    (tmp_path / "spec.yaml").write_text(textwrap.dedent("""
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths:
          /a:
            get:
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: &shared {type: object}
          /b:
            get:
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: *shared
    """))
    run = govlint("lint", "spec.yaml", "-r", "r.yaml", "-f", "json", cwd=tmp_path)
    found = sorted((r["rule"], r["pointer"]) for r in run.json()["results"])
    schema = "/get/responses/200/content/application~1json/schema"
    assert found == sorted(
        (rule, f"/paths/~1{p}{schema}")
        for rule in ("raw-schema-description", "schema-description") for p in "ab"
    )
