"""Issue 11, hangs: built-in regexes on adversarial values, user regexes (``pattern``,
``casing``, JSONPath ``.match()``, a CRD's and a spec's own ``pattern``), YAML alias
cycles and bombs, and globs in CODEOWNERS, ``.govlint.yaml`` and waivers all finish in
seconds with the default settings."""

from __future__ import annotations

import json

from tests.security.attack import Repo, widget_crd

# Exponential for backtracking engines, re and regex alike; the lookahead keeps it off RE2
# (functions/core/_linear.py), which runs `^(a|aa)+$` itself in linear time.
EVIL = "^(?=a)(a|aa)+$"
VICTIM = "a" * 40 + "!"


def _spec(**extra: object) -> str:
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1.0.0"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}}
    spec.update(extra)
    return json.dumps(spec)


def _results(run) -> list[dict]:
    return json.loads(run.stdout)["results"]


def test_a_50kb_sandbox_evidence_url(tmp_path):
    repo = Repo(tmp_path)
    url = "https://" + "a" * 50_000 + " "
    repo.write("api/openapi.json", _spec(paths={"/a": {
        "x-spec-sandbox": True,
        "x-spec-sandbox-evidence": {"abTestReport": url, "trafficColoringLogSample": url,
                                    "owner": "a", "expires": "2099-01-01"},
        "get": {"responses": {"200": {"description": "ok"}}}}}))
    run = repo.govlint("lint", ".", "-f", "json", timeout=30)
    repo.assert_safe(run)
    assert run.seconds < 20 and run.code == 1
    assert any(r["rule"] == "SBX-002" and "abTestReport" in r["message"] for r in _results(run))


def test_a_60kb_path_key(tmp_path):
    repo = Repo(tmp_path)
    for name, key in (("braces", "/" + "{" * 60_000), ("closed", "/" + "{" * 30_000 + "}"),
                      ("words", "/" + "a-" * 30_000 + "!")):
        repo.write(f"{name}/openapi.json", _spec(
            paths={key: {"get": {"responses": {"200": {"description": "ok"}}}}}))
    run = repo.govlint("lint", ".", "-f", "json", timeout=60)
    repo.assert_safe(run)
    assert run.seconds < 30 and run.code == 1
    assert {r["file"] for r in _results(run)} >= {"braces/openapi.json", "words/openapi.json"}


def test_yaml_alias_cycle_and_bomb(tmp_path):
    repo = Repo(tmp_path)
    repo.write("cycle.yaml", "a: &a [*a]\n")
    laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        laughs.append(f"{chr(97 + i)}: &{chr(97 + i)} [{','.join([f'*{chr(96 + i)}'] * 9)}]")
    repo.write("bomb.yaml", "\n".join(laughs) + "\n")
    repo.write("fine.yaml", "openapi: 3.0.3\n")
    run = repo.govlint("lint", ".", "-f", "json", timeout=60)
    repo.assert_safe(run)
    assert run.seconds < 30 and run.code == 1
    errors = {r["file"]: r["message"] for r in _results(run) if r["rule"] == "parse-error"}
    assert "recursive" in errors["cycle.yaml"]
    assert "alias" in errors["bomb.yaml"]


def test_user_regex_pattern_function_has_a_budget(tmp_path):
    repo = Repo(tmp_path)
    repo.write("ruleset.yaml", f"""
        rules:
          evil-pattern:
            given: $.info.title
            severity: error
            then: {{function: pattern, functionOptions: {{match: "{EVIL}"}}}}
          still-runs:
            given: $.info
            severity: error
            then: {{field: description, function: truthy}}
    """)
    repo.write("api/openapi.json", _spec(info={"title": VICTIM, "version": "1"}))
    run = repo.govlint("lint", ".", "-r", "ruleset.yaml", "-f", "json", timeout=60)
    repo.assert_safe(run)
    assert run.seconds < 20 and run.code == 1
    by_rule = {r["rule"]: r["message"] for r in _results(run)}
    message = by_rule["function-error"]
    assert "evil-pattern" in message and EVIL in message and "a" * 30 in message
    assert "still-runs" in by_rule  # one slow value hides nothing else


HUGE = "(?:(?:a{1000}){1000}){1000}"  # the regex engine would unroll it to 10^9 items


def test_a_pattern_that_unrolls_to_gigabytes_is_not_compiled(tmp_path):
    """Counted repeats cost memory at compile time, before any time budget starts: a CRD's
    and a ruleset's pattern are refused with a finding, in bounded memory."""
    repo = Repo(tmp_path)
    repo.write("deploy/crd.yaml", widget_crd(f"""
        properties:
          name: {{type: string, pattern: "{HUGE}"}}
    """))
    repo.write("deploy/widget.yaml", """
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w}
        spec: {name: aaa}
    """)
    repo.write("ruleset.yaml", f"""
        extends: [[govlint:governance, all]]
        rules:
          huge-pattern:
            given: $.metadata.name
            severity: error
            then: {{function: pattern, functionOptions: {{match: "{HUGE}"}}}}
    """)
    run = repo.govlint("lint", ".", "-r", "ruleset.yaml", "-f", "json", timeout=60,
                       max_memory_mb=1500)
    repo.assert_safe(run)
    assert run.code == 1 and run.seconds < 30, run.stderr
    messages = [r["message"] for r in _results(run)]
    assert any("huge-pattern" in m and "not evaluated" in m for m in messages), messages
    assert any(r["rule"] == "k8s-crd-schema" and "not evaluated" in r["message"]
               for r in _results(run)), messages


def test_casing_on_a_digit_run_is_linear(tmp_path):
    repo = Repo(tmp_path)
    repo.write("ruleset.yaml", """
        rules:
          camel-title:
            given: $.info.title
            severity: error
            then: {function: casing, functionOptions: {type: camel}}
    """)
    repo.write("api/openapi.json", _spec(info={"title": "a" + "1" * 50_000 + "!",
                                               "version": "1"}))
    run = repo.govlint("lint", ".", "-r", "ruleset.yaml", "-f", "json", timeout=30)
    repo.assert_safe(run)
    assert run.seconds < 15 and [r["rule"] for r in _results(run)] == ["camel-title"]


def test_jsonpath_match_filter_has_a_budget(tmp_path):
    repo = Repo(tmp_path)
    repo.write("ruleset.yaml", f"""
        rules:
          evil-filter:
            given: "$.info[?(@.match(/{EVIL}/))]"
            severity: error
            then: {{function: truthy}}
    """)
    repo.write("api/openapi.json", _spec(info={"title": VICTIM, "version": "1"}))
    run = repo.govlint("lint", ".", "-r", "ruleset.yaml", "-f", "json", timeout=60)
    repo.assert_safe(run)
    assert run.seconds < 20 and run.code == 1
    messages = [r["message"] for r in _results(run) if r["rule"] == "function-error"]
    assert messages and "evil-filter" in messages[0] and EVIL in messages[0]


def test_crd_pattern_has_a_budget(tmp_path):
    repo = Repo(tmp_path)
    repo.write("deploy/crd.yaml", widget_crd(f"""
        properties:
          name: {{type: string, pattern: "{EVIL}"}}
    """))
    repo.write("deploy/widget.yaml", f"""
        apiVersion: example.com/v1
        kind: Widget
        metadata: {{name: w}}
        spec: {{name: "{VICTIM}"}}
    """)
    run = repo.govlint("lint", ".", "-f", "json", timeout=60)
    repo.assert_safe(run)
    assert run.seconds < 20 and run.code == 1
    crd = [r["message"] for r in _results(run) if r["rule"] == "k8s-crd-schema"]
    assert crd and EVIL in crd[0] and "gave up" in crd[0]


def test_spectral_oas_on_a_spec_pattern_and_example(tmp_path):
    repo = Repo(tmp_path)
    schema = {"type": "string", "pattern": EVIL, "example": VICTIM}
    repo.write("api/openapi.json", _spec(components={"schemas": {"Name": schema}}))
    run = repo.govlint("lint", ".", "-r", "spectral:oas", "-f", "json", timeout=60)
    repo.assert_safe(run)
    assert run.seconds < 20
    assert any(EVIL in r["message"] and "gave up" in r["message"] for r in _results(run))


BRACES = "{*,*}" * 12


def test_globs_in_codeowners_config_and_waivers_are_linear(tmp_path):
    repo = Repo(tmp_path)
    repo.write("CODEOWNERS", f"{BRACES} @attacker\n* @platform\n")
    repo.write(".govlint.yaml", f"""
        exclude: ["{'{*,a}' * 12}"]
        waivers: waivers.yaml
    """)
    repo.write("waivers.yaml", f"""
        waivers:
          - rule: DOC-001
            files: "{BRACES}"
            owner: a
            approver: b
            reason: r
            expires: 2026-12-31
    """)
    repo.write("api/openapi.json", _spec())
    for command in (["lint", ".", "-f", "json"], ["score", "."]):
        run = repo.govlint(*command, timeout=60)
        repo.assert_safe(run)
        assert run.seconds < 20 and run.code in (0, 1), run.output


def test_a_slow_file_is_a_finding_not_a_stalled_job(tmp_path):
    """Fifty values that each exhaust the regex budget: the file's budget stops it (a
    file-timeout finding, exit 1) and the other file's findings are still reported."""
    repo = Repo(tmp_path)
    repo.write("ruleset.yaml", f"""
        rules:
          evil-pattern:
            given: $.paths[*][*].summary
            severity: error
            then: {{function: pattern, functionOptions: {{match: "{EVIL}"}}}}
          needs-title:
            given: $.info
            severity: error
            then: {{field: title, function: truthy}}
    """)
    ops = {f"/p{i}": {"get": {"summary": VICTIM + str(i)}} for i in range(50)}
    repo.write("slow/openapi.json", _spec(paths=ops))
    repo.write("fast/openapi.json", _spec(info={"version": "1"}))
    run = repo.govlint("lint", ".", "-r", "ruleset.yaml", "-f", "json",
                       "--timeout-per-file", "3", timeout=60, env={"CI": "true"})
    repo.assert_safe(run)
    assert run.code == 1 and run.seconds < 30, run.output
    results = _results(run)
    timeouts = [r for r in results if r["rule"] == "file-timeout"]
    assert [r["file"] for r in timeouts] == ["slow/openapi.json"]
    assert "--timeout-per-file" in timeouts[0]["message"]
    assert ("needs-title", "fast/openapi.json") in {(r["rule"], r["file"]) for r in results}


def test_timeout_per_file_has_a_generous_default(tmp_path):
    repo = Repo(tmp_path)
    run = repo.govlint("lint", "--help", timeout=30)
    assert "--timeout-per-file" in run.stdout and "default 60" in run.stdout


def test_ci_runs_print_progress(monkeypatch, capsys):
    """In CI (``CI`` set, stderr not a terminal) a long run prints a plain progress line
    every PROGRESS_EVERY seconds and a last one when done."""
    from govlint.cli import options

    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(options, "PROGRESS_EVERY", 0.0)
    show = options.progress_printer(quiet=False)
    assert show is not None
    for done in range(1, 4):
        show(done, 3)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("govlint: 1/3 files (") and lines[-1].startswith("govlint: 3/3")
    monkeypatch.delenv("CI")
    assert options.progress_printer(quiet=False) is None  # not a terminal, not CI: silent


def test_spectral_oas_on_adversarial_server_urls_and_numbers(tmp_path):
    """A 50 KB server URL of ``{`` (its variables were found by a lazy regex) and 50 KB
    digit runs in values a message prints (JavaScript number tests) stay linear."""
    repo = Repo(tmp_path)
    repo.write("api/openapi.json", _spec(
        servers=[{"url": "https://x/" + "{" * 50_000}, {"url": "{\n" * 20_000 + "}"}],
        info={"title": "1" * 50_000 + "x", "version": " " * 50_000 + "x"}))
    run = repo.govlint("lint", ".", "-r", "spectral:oas", "-f", "json", timeout=60)
    repo.assert_safe(run)
    assert run.seconds < 20 and run.code in (0, 1), run.output
    assert _results(run)


def test_locating_a_finding_in_a_plain_scalar_with_50kb_of_spaces(tmp_path):
    """Source positions of a YAML plain scalar: the end-of-scalar regex rescanned every
    run of spaces from each space (34 s for this file)."""
    repo = Repo(tmp_path)
    repo.write("ruleset.yaml", """
        rules:
          title-z:
            given: $.info.title
            severity: error
            then: {function: pattern, functionOptions: {match: "^z"}}
    """)
    blanks = " " * 50_000
    repo.write("api/openapi.yaml", f"openapi: 3.0.3\ninfo:\n  title: a{blanks}b\n"
                                   "  version: '1'\npaths: {}\n")
    run = repo.govlint("lint", ".", "-r", "ruleset.yaml", "-f", "json", timeout=60)
    repo.assert_safe(run)
    assert run.seconds < 15 and run.code == 1
    [finding] = _results(run)
    assert (finding["line"], finding["column"], finding["endLine"], finding["endColumn"]) \
        == (3, 3, 3, 50_012)  # from the key (as Spectral) to the end of the value
