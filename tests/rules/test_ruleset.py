"""Ruleset loading with Spectral's semantics, through the CLI as a user meets it."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/a": {"get": {"responses": {"200": {"description": "ok"}}}},
        "/b": {"get": {"summary": "s", "responses": {"200": {"description": "ok"}}}},
    },
}


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def lint(govlint, tmp: Path, ruleset: str, *extra: str, spec: dict | None = None):
    (tmp / "spec.json").write_text(json.dumps(spec or SPEC))
    return govlint("lint", "spec.json", "-r", ruleset, "-f", "json", *extra, cwd=tmp)


BASE = """
    rules:
      op-summary:
        description: Operations have a summary.
        given: $.paths[*][*]
        then: {field: summary, function: truthy}
      op-not-recommended:
        recommended: false
        given: $.paths[*][*]
        then: {field: summary, function: truthy}
"""


def test_missing_field_reported_at_parent_with_default_severity_warn(govlint, tmp_path):
    write(tmp_path, "base.yaml", BASE)
    run = lint(govlint, tmp_path, "base.yaml")
    results = run.json()["results"]
    assert [(r["rule"], r["pointer"], r["severity"]) for r in results] == [
        ("op-summary", "/paths/~1a/get", "warn")
    ]
    assert run.code == 0  # warnings do not fail the default gate


def test_non_recommended_rule_disabled_unless_extended_with_all(govlint, tmp_path):
    write(tmp_path, "base.yaml", BASE)
    write(tmp_path, "all.yaml", "extends: [[base.yaml, all]]\n")
    write(tmp_path, "off.yaml", "extends: [[base.yaml, 'off']]\nrules:\n  op-summary: error\n")
    assert sorted(set(lint(govlint, tmp_path, "all.yaml").rules())) == [
        "op-not-recommended", "op-summary"]
    off = lint(govlint, tmp_path, "off.yaml")
    assert off.rules() == ["op-summary"]
    assert off.json()["results"][0]["severity"] == "error"
    assert off.code == 1


def test_child_can_disable_and_merge_inherited_rules(govlint, tmp_path):
    write(tmp_path, "base.yaml", BASE)
    write(tmp_path, "child.yaml", """
        extends: base.yaml
        rules:
          op-summary: false
    """)
    assert lint(govlint, tmp_path, "child.yaml").rules() == []
    write(tmp_path, "merge.yaml", """
        extends: base.yaml
        rules:
          op-summary:
            message: "{{property}} missing at {{path}}"
    """)
    result = lint(govlint, tmp_path, "merge.yaml").json()["results"][0]
    assert result["message"] == "get.summary missing at #/paths/~1a/get"  # as Spectral


def test_message_template_variables(govlint, tmp_path):
    write(tmp_path, "r.yaml", """
        rules:
          title-short:
            description: Titles are short.
            message: "{{description}} {{value}} is too long: {{error}}"
            given: $.info.title
            then: {function: pattern, functionOptions: {match: "^x"}}
    """)
    result = lint(govlint, tmp_path, "r.yaml").json()["results"][0]
    assert result["message"].startswith("Titles are short. t is too long: ")
    assert result["pointer"] == "/info/title"


def test_aliases_and_formats(govlint, tmp_path):
    write(tmp_path, "r.yaml", """
        aliases:
          Operation: ["$.paths[*][*]"]
          Scoped:
            targets:
              - formats: [oas2]
                given: ["$.nothing"]
              - formats: [oas3]
                given: ["$.paths[*]"]
        rules:
          via-alias:
            given: "#Operation"
            then: {field: summary, function: truthy}
          via-scoped:
            given: "#Scoped.get"
            then: {field: summary, function: truthy}
          only-oas2:
            formats: [oas2]
            given: $.info
            then: {field: nope, function: truthy}
    """)
    results = lint(govlint, tmp_path, "r.yaml").json()["results"]
    assert sorted((r["rule"], r["pointer"]) for r in results) == [
        ("via-alias", "/paths/~1a/get"), ("via-scoped", "/paths/~1a/get")]


def test_overrides_by_file_and_pointer(govlint, tmp_path):
    write(tmp_path, "r.yaml", BASE + """
    overrides:
      - files: ["spec.json#/paths/~1a"]
        rules:
          op-summary: "off"
    """)
    assert lint(govlint, tmp_path, "r.yaml").rules() == []
    write(tmp_path, "r2.yaml", BASE + """
    overrides:
      - files: ["*.json"]
        rules:
          op-summary: error
    """)
    run = lint(govlint, tmp_path, "r2.yaml")
    assert run.json()["results"][0]["severity"] == "error" and run.code == 1


def test_vars_from_config_override_ruleset_defaults(govlint, tmp_path):
    write(tmp_path, "r.yaml", """
        vars:
          titlePattern: "^t$"
        rules:
          title:
            given: $.info.title
            then: {function: pattern, functionOptions: {match: "{{vars.titlePattern}}"}}
    """)
    assert lint(govlint, tmp_path, "r.yaml").rules() == []
    write(tmp_path, ".govlint.yaml", "vars:\n  titlePattern: '^x$'\n")
    assert lint(govlint, tmp_path, "r.yaml").rules() == ["title"]


def test_broken_rulesets_exit_2_naming_file_and_rule(govlint, tmp_path):
    cases = {
        "unknown-fn.yaml": ("rules:\n  r1:\n    given: $\n    then: {function: nope}\n",
                            "unknown function 'nope'"),
        "bad-path.yaml": ("rules:\n  r1:\n    given: '$.paths[?(@.x ==='\n"
                          "    then: {function: truthy}\n", "invalid JSONPath"),
        "bad-yaml.yaml": ("rules: [\n", "not valid YAML"),
        "bad-sev.yaml": ("rules:\n  r1:\n    given: $\n    severity: loud\n"
                         "    then: {function: truthy}\n", "invalid severity"),
        "bad-format.yaml": ("rules:\n  r1:\n    formats: [oas9]\n    given: $\n"
                            "    then: {function: truthy}\n", "unknown format 'oas9'"),
        "bad-alias.yaml": ("aliases:\n  Info: $.info\nrules:\n  r1:\n    given: '#Info'\n"
                           "    then: {function: truthy}\n", "alias 'Info' must be a list"),
    }
    for name, (text, expected) in cases.items():
        write(tmp_path, name, text)
        run = lint(govlint, tmp_path, name)
        assert run.code == 2, (name, run.stderr)
        assert expected in run.stderr and name in run.stderr, (name, run.stderr)
        assert "Traceback" not in run.stderr
        if name not in ("bad-yaml.yaml", "bad-alias.yaml"):
            assert "'r1'" in run.stderr


def test_remote_ruleset_refused_without_network(govlint, tmp_path):
    write(tmp_path, "r.yaml", "extends: https://example.com/ruleset.yaml\n")
    run = lint(govlint, tmp_path, "r.yaml")
    assert run.code == 2 and "never fetches" in run.stderr


def test_custom_python_function_from_functions_dir(govlint, tmp_path):
    write(tmp_path, "functions/hasGet.py", """
        from govlint.functions.api import Result

        def hasGet(target, options, context):
            if "get" not in target:
                return [Result("no GET on " + str(context.path[-1]))]
            return None
    """)
    write(tmp_path, "r.yaml", """
        functions: [hasGet]
        rules:
          needs-get:
            given: $.paths[*]
            then: {function: hasGet}
    """)
    spec = {**SPEC, "paths": {**SPEC["paths"], "/c": {"post": {}}}}
    results = lint(govlint, tmp_path, "r.yaml", "--allow-custom-functions",
                   spec=spec).json()["results"]
    assert [(r["message"], r["pointer"]) for r in results] == [("no GET on /c", "/paths/~1c")]


def test_crashing_function_is_a_finding_not_a_traceback(govlint, tmp_path):
    write(tmp_path, "functions/boom.py", """
        def boom(target, options, context):
            return [x for x in target["missing"]]
    """)
    write(tmp_path, "r.yaml", """
        functions: [boom]
        rules:
          explodes:
            given: $.info
            then: {function: boom}
          op-summary:
            given: $.paths[*][*]
            then: {field: summary, function: truthy}
    """)
    run = lint(govlint, tmp_path, "r.yaml", "--allow-custom-functions")
    assert "Traceback" not in run.stderr and run.code == 1
    results = {(r["rule"], r["pointer"]) for r in run.json()["results"]}
    assert results == {("function-error", "/info"), ("op-summary", "/paths/~1a/get")}
    message = next(r["message"] for r in run.json()["results"] if r["rule"] == "function-error")
    assert "explodes" in message and "KeyError" in message


def test_an_explicit_extends_severity_decides_nested_rules_too(govlint, tmp_path):
    # Expected sets recorded from Spectral 6.16.3 on the same files.
    write(tmp_path, "base.yaml", """
        rules:
          base-rec: {given: $, then: {field: nope1, function: truthy}}
          base-norec:
            recommended: false
            given: $
            then: {field: nope2, function: truthy}
    """)
    write(tmp_path, "mid.yaml", """
        extends: base.yaml
        rules:
          mid-rec: {given: $, then: {field: nope3, function: truthy}}
    """)
    write(tmp_path, "midoff.yaml", """
        extends: [[base.yaml, "off"]]
        rules:
          mid-rec: {given: $, then: {field: nope3, function: truthy}}
    """)
    cases = {
        'extends: [[mid.yaml, "off"]]\n': [],
        "extends: [[mid.yaml, all]]\n": ["base-norec", "base-rec", "mid-rec"],
        "extends: midoff.yaml\n": ["mid-rec"],
        "extends: [[midoff.yaml, recommended]]\n": ["base-rec", "mid-rec"],
        "extends: [[midoff.yaml, off]]\nrules:\n  base-rec: true\n": ["base-rec"],
    }
    for text, expected in cases.items():
        write(tmp_path, "root.yaml", text)
        assert sorted(lint(govlint, tmp_path, "root.yaml", spec={"a": 1}).rules()) == \
            expected, text


def test_message_templates_render_as_spectral_does(govlint, tmp_path):
    # Every expected message recorded from Spectral 6.16.3 on the same rules and document.
    a_message = ('[{{description}}] [{{ value }}] [{{value}}] [#{{print("value")}}] '
                 '[#{{print("property")}}] [{{print("value")}}] [{{path}}] [{{error}}]')
    write(tmp_path, "r.yaml", """
        rules:
          a:
            given: $.info
            message: A_MESSAGE
            then: {field: contact, function: falsy}
          b:
            given: $
            message: "[{{property}}] [{{value}}]"
            then: {field: zzz, function: truthy}
          c:
            given: $.info
            message: "[{{property}}]"
            then: {field: contact.nope.deep, function: truthy}
          d:
            given: $.tags
            message: "[{{value}}]"
            then: {function: falsy}
          f:
            given: $.paths[*][*]
            message: "[{{property}}]"
            then: {field: summary, function: truthy}
          g:
            given: $.paths
            message: "[{{property}}]"
            then: {field: "/pets.get.x y", function: truthy}
    """.replace("A_MESSAGE", json.dumps(a_message)))
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1", "contact": {"name": "a"}},
            "tags": [{"name": "a"}],
            "paths": {"/pets": {"get": {"responses": {"200": {"description": "ok"}}}}}}
    messages = {r["rule"]: r["message"]
                for r in lint(govlint, tmp_path, "r.yaml", spec=spec).json()["results"]}
    assert messages == {
        "a": '[null] [] [[object Object]] [Object{}] ["contact" property ] [] '
             '[#/info/contact] ["contact" property must be falsy]',
        "b": "[zzz] [[object Object]]",
        "c": "[contact.nope.deep]",
        "d": "[[object Object]]",
        "f": "[get.summary]",
        "g": "[get['x y']]",
    }
