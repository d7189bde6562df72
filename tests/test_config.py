"""`.govlint.yaml`: mistakes exit 2 naming the config file; the nearest config governs each
file (per-service pins and vars, extends, --config), from the root or a service directory."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from tests.conftest import run_govlint

SPEC = 'openapi: "3.0.3"\ninfo: {title: t, version: "1"}\npaths: {}\n'


def project(root: Path, config: str) -> Path:
    (root / ".govlint.yaml").write_text(config, encoding="utf-8")
    (root / "openapi.yaml").write_text(SPEC, encoding="utf-8")
    return root


def test_missing_ruleset_named_in_the_config_blames_the_config(tmp_path: Path) -> None:
    run = run_govlint("lint", ".", cwd=project(tmp_path, "rulesets: [missing.yaml]\n"))
    assert run.code == 2
    assert f"{tmp_path / '.govlint.yaml'}: ruleset 'missing.yaml' not found" in run.stderr
    assert "<command line>" not in run.stderr


def test_missing_ruleset_on_the_command_line_blames_the_command_line(tmp_path: Path) -> None:
    run = run_govlint("lint", "-r", "nope.yaml", ".", cwd=project(tmp_path, "{}\n"))
    assert run.code == 2
    assert "<command line>: ruleset 'nope.yaml' not found" in run.stderr


def test_bad_var_value_names_the_rule_and_the_config_vars(tmp_path: Path) -> None:
    run = run_govlint("lint", ".", cwd=project(tmp_path, 'vars: {minRequestAmount: "abc"}\n'))
    assert run.code == 2
    assert "rule 'RES-002'" in run.stderr
    assert f"minRequestAmount='abc' from {tmp_path / '.govlint.yaml'} vars" in run.stderr
    assert "Traceback" not in run.stderr


def test_unknown_service_config_type_lists_the_known_ones(tmp_path: Path) -> None:
    config = "service-configs: {nosuchtype: ['*.yaml'], governance: [svc.yaml]}\n"
    run = run_govlint("lint", ".", cwd=project(tmp_path, config))
    assert run.code == 2
    assert str(tmp_path / ".govlint.yaml") in run.stderr
    assert "nosuchtype" in run.stderr
    assert "known: governance, jaeger-sampling, sentinel" in run.stderr


def test_extra_globs_for_a_known_service_config_type_are_accepted(tmp_path: Path) -> None:
    config = "service-configs: {governance: [deploy/*.svc.yaml]}\n"
    run = run_govlint("lint", ".", cwd=project(tmp_path, config))
    assert run.code in (0, 1), run.stderr


# --- nearest config wins (issue 10.5) ---------------------------------------------------

# No traceparent header (TRC-001: a warning in 3.1, an error in 3.2) and a snake_case
# property (NAM-004 under the default camelCase, clean under `propertyCasing: snake`).
SERVICE_SPEC = """openapi: 3.0.3
info: {title: Orders, version: 1.0.0, contact: {name: team-a}, description: Orders.}
servers: [{url: 'https://api.example.com/v1'}]
paths:
  /v1/orders:
    get:
      operationId: listOrders
      summary: List orders
      description: Lists orders.
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {order_id: {type: string}}}
"""
PINNED = 'governance: "3.1"\nvars: {propertyCasing: snake}\n'


def git_init(root: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=root, check=True, capture_output=True)


def monorepo(root: Path, *, git: bool = True, root_config: str | None = None) -> Path:
    """svc-a pins 3.1 with vars in its own .govlint.yaml; svc-b has none."""
    for name in ("svc-a", "svc-b"):
        (root / name / "api").mkdir(parents=True)
        (root / name / "api" / "openapi.yaml").write_text(SERVICE_SPEC, encoding="utf-8")
    (root / "svc-a" / ".govlint.yaml").write_text(PINNED, encoding="utf-8")
    if root_config is not None:
        (root / ".govlint.yaml").write_text(root_config, encoding="utf-8")
    if git:
        git_init(root)
    return root


def by_file(run) -> dict[str, set[tuple[str, str]]]:
    """{file: {(rule, severity)}} of a JSON report, for TRC-001 and NAM-004."""
    out: dict[str, set[tuple[str, str]]] = {}
    for r in run.json()["results"]:
        if r["rule"] in ("TRC-001", "NAM-004"):
            out.setdefault(r["file"], set()).add((r["rule"], r["severity"]))
    return out


A, B = "svc-a/api/openapi.yaml", "svc-b/api/openapi.yaml"
EXPECTED = {A: {("TRC-001", "warn")}, B: {("TRC-001", "error"), ("NAM-004", "warn")}}


@pytest.mark.parametrize("git", [True, False])
def test_a_service_config_applies_when_linting_from_the_repository_root(
        tmp_path: Path, git: bool) -> None:
    root = monorepo(tmp_path, git=git, root_config=None if git else "{}\n")
    run = run_govlint("lint", "-f", "json", cwd=root)
    assert run.code == 1, run.stderr
    assert by_file(run) == EXPECTED
    report = run.json()
    assert report["governance"]["version"] == "mixed"
    configs = {c["directory"]: c for c in report["configs"]}
    assert configs["svc-a"]["config"] == "svc-a/.govlint.yaml"
    assert configs["svc-a"]["governance"]["version"] == "3.1"
    assert configs["."]["governance"]["version"] == "3.2"
    assert configs["svc-a"]["governance"]["digest"] != configs["."]["governance"]["digest"]
    assert (configs["svc-a"]["files"], configs["."]["files"]) == (1, 1)


def test_linting_from_a_service_directory_gives_the_same_findings(tmp_path: Path) -> None:
    root = monorepo(tmp_path)
    here = run_govlint("lint", "-f", "json", cwd=root / "svc-a")
    assert by_file(here) == {A: EXPECTED[A]}
    sibling = run_govlint("lint", "../svc-b", "-f", "json", cwd=root / "svc-a")
    assert by_file(sibling) == {B: EXPECTED[B]}
    assert not any(r["file"].startswith("..") for r in sibling.json()["results"])


def test_pre_commit_style_named_files_use_their_own_configs(tmp_path: Path) -> None:
    root = monorepo(tmp_path)
    run = run_govlint("lint", A, B, "-f", "json", cwd=root)
    assert by_file(run) == EXPECTED
    one = run_govlint("lint", A, "-f", "json", cwd=root)
    assert by_file(one) == {A: EXPECTED[A]}
    assert [c["directory"] for c in one.json()["configs"]] == ["svc-a"]
    assert one.json()["governance"]["version"] == "3.1"


def test_quiet_prints_only_what_fails_under_each_config(tmp_path: Path) -> None:
    root = monorepo(tmp_path)
    loud = run_govlint("lint", cwd=root)
    quiet = run_govlint("lint", "-q", cwd=root)
    assert loud.code == quiet.code == 1
    # TRC-001 is a warning in svc-a (3.1), an error in svc-b (3.2): -q hides only the first
    assert loud.stdout.count("TRC-001") == 2 and quiet.stdout.count("TRC-001") == 1
    assert "warn" in loud.stdout and " warn " not in quiet.stdout
    quiet_json = run_govlint("lint", "-q", "-f", "json", cwd=root)
    assert ("TRC-001", "error") in by_file(quiet_json)[B]


def test_extends_inherits_and_overrides(tmp_path: Path) -> None:
    root = monorepo(tmp_path)
    (root / "svc-c" / "api").mkdir(parents=True)
    (root / "svc-c" / "api" / "openapi.yaml").write_text(SERVICE_SPEC, encoding="utf-8")
    (root / "svc-c" / ".govlint.yaml").write_text(
        "extends: ../svc-a/.govlint.yaml\nvars: {versionSegmentPattern: '^v[0-9]+$'}\n",
        encoding="utf-8")
    run = run_govlint("lint", "-f", "json", cwd=root)
    assert by_file(run)["svc-c/api/openapi.yaml"] == EXPECTED[A]  # 3.1 and snake_case
    configs = {c["directory"]: c for c in run.json()["configs"]}
    assert configs["svc-c"]["governance"]["version"] == "3.1"


def test_extends_outside_the_project_root_is_refused(tmp_path: Path) -> None:
    root = monorepo(tmp_path / "repo")
    (tmp_path / "outside.yaml").write_text('governance: "3.1"\n', encoding="utf-8")
    (root / "svc-b" / ".govlint.yaml").write_text("extends: ../../outside.yaml\n",
                                                   encoding="utf-8")
    run = run_govlint("lint", cwd=root)
    assert run.code == 2
    assert str(root / "svc-b" / ".govlint.yaml") in run.stderr
    assert "leaves the project root" in run.stderr and "Traceback" not in run.stderr


def test_extends_never_quotes_a_file_that_is_not_a_govlint_config(tmp_path: Path) -> None:
    """CI may write credentials into the checkout: naming one in ``extends`` must not list
    its keys or quote its lines in the error."""
    root = monorepo(tmp_path)
    secret = "BEGIN-PRIVATE-KEY-s3cr3t"
    (root / "gha-creds-1234.json").write_text(
        f'{{"type": "service_account", "private_key": "{secret}", "client_email": "x"}}\n')
    (root / "broken.govlint.yaml").write_text(f"a: 1\nprivate_key: {secret}: x\n")
    for target, expected in (("../gha-creds-1234.json", "not a govlint config"),
                             ("../broken.govlint.yaml", "not valid YAML (line 2")):
        (root / "svc-b" / ".govlint.yaml").write_text(f"extends: {target}\n")
        run = run_govlint("lint", cwd=root)
        assert run.code == 2 and expected in run.stderr, run.stderr
        assert secret not in run.stderr and "private_key" not in run.stderr
        assert "client_email" not in run.stderr


def test_extends_cycle_is_refused(tmp_path: Path) -> None:
    root = monorepo(tmp_path)
    (root / "svc-a" / ".govlint.yaml").write_text("extends: ../svc-b/.govlint.yaml\n")
    (root / "svc-b" / ".govlint.yaml").write_text("extends: ../svc-a/.govlint.yaml\n")
    run = run_govlint("lint", cwd=root)
    assert run.code == 2 and "is a cycle" in run.stderr, run.stderr


def test_config_option_forces_one_config_for_every_file(tmp_path: Path) -> None:
    root = monorepo(tmp_path)
    run = run_govlint("lint", "-c", "svc-a/.govlint.yaml", "-f", "json", cwd=root)
    assert by_file(run) == {A: EXPECTED[A], B: EXPECTED[A]}
    assert [c["directory"] for c in run.json()["configs"]] == ["svc-a"]


def test_configs_do_not_merge_without_extends(tmp_path: Path) -> None:
    # The root config excludes legacy/** and sets vars; svc-a's own config replaces it.
    root = monorepo(tmp_path, root_config="exclude: ['**/legacy/**']\n"
                                          "vars: {propertyCasing: snake}\n")
    for name in ("svc-a", "svc-b"):
        (root / name / "legacy").mkdir()
        (root / name / "legacy" / "old.yaml").write_text(SERVICE_SPEC, encoding="utf-8")
    run = run_govlint("lint", "-f", "json", cwd=root)
    files = run.json()["files"]
    assert "svc-a/legacy/old.yaml" in files and "svc-b/legacy/old.yaml" not in files
    assert ("NAM-004", "warn") not in by_file(run)[B]  # root vars apply to svc-b


def test_waivers_of_a_service_config_name_files_relative_to_it(tmp_path: Path) -> None:
    root = monorepo(tmp_path)
    (root / "svc-a" / ".govlint").mkdir()
    (root / "svc-a" / ".govlint" / "waivers.yaml").write_text(
        "waivers:\n  - {rule: TRC-001, files: api/openapi.yaml, owner: a, approver: b, "
        "reason: legacy, expires: '2099-02-01'}\n", encoding="utf-8")
    run = run_govlint("lint", "-f", "json", cwd=root,
                      env={"GOVLINT_TODAY": "2099-01-01"})
    assert run.code in (0, 1), run.stderr
    waived = {(r["file"], r["rule"]) for r in run.json()["results"] if r["suppressed"]}
    assert waived == {(A, "TRC-001")}


def test_score_shows_each_services_governance(tmp_path: Path) -> None:
    root = monorepo(tmp_path)
    run = run_govlint("score", "--format", "json", cwd=root)
    assert run.code == 0, run.stderr
    result = run.json()
    services = {s["name"]: s["governance"]["version"] for s in result["services"]}
    assert services == {"svc-a": "3.1", "svc-b": "3.2"}
    assert result["governance"] == ["3.1", "3.2"]
    text = run_govlint("score", cwd=root).stdout
    rows = {line.split()[0]: line.split() for line in text.splitlines()
            if line.startswith(("svc-a", "svc-b", "SERVICE"))}
    column = rows["SERVICE"].index("GOV")
    assert (rows["svc-a"][column], rows["svc-b"][column]) == ("3.1", "3.2")
