"""``.govlint.yaml`` mistakes exit 2 with a message that names the config file."""

from __future__ import annotations

from pathlib import Path

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
