"""``govlint waive``: appends to hand-written waiver files without disturbing them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from tests.exceptions.support import CAMEL_RULESET, ORDER_ID, orders_spec

RULESET = CAMEL_RULESET
SPEC = orders_spec("                  order_id: {type: string}\n")
HAND_WRITTEN = """\
# Waivers of the orders team. Reviewed monthly by the API council.
waivers:
    # legacy mobile app, see GOV-1
    -   rule: 'camel-props'   # quoted on purpose
        files: "api/legacy.yaml"
        owner: orders-team
        approver: api-council
        reason: >-
          the mobile app v1 reads these names
        expires: 2025-04-01
"""
TODAY = {"GOVLINT_TODAY": "2025-02-01"}
ARGS = ("--owner", "orders-team", "--approver", "api-council", "--reason", "legacy clients")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".govlint.yaml").write_text("rulesets: [rules.yaml]\n")
    (tmp_path / "rules.yaml").write_text(RULESET)
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "openapi.yaml").write_text(SPEC)
    (tmp_path / "api" / "legacy.yaml").write_text(SPEC)
    return tmp_path


def waive(govlint, project: Path, *args: str, cwd: Path | None = None):
    return govlint("waive", *args, cwd=cwd or project, env=TODAY)


def entries(project: Path) -> list[dict]:
    return yaml.safe_load((project / ".govlint" / "waivers.yaml").read_text())["waivers"]


def test_appending_keeps_comments_and_formatting_of_a_hand_written_file(project, govlint):
    path = project / ".govlint" / "waivers.yaml"
    path.parent.mkdir()
    path.write_text(HAND_WRITTEN)
    run = waive(govlint, project, "camel-props", f"api/openapi.yaml#{ORDER_ID}", *ARGS,
                "--expires", "2025-05-01", "--ticket", "GOV-9")
    assert run.code == 0, run.stderr
    assert "waiver #1 added" in run.stdout
    text = path.read_text()
    assert text.startswith(HAND_WRITTEN)  # every byte of the hand-written part survives
    added = text[len(HAND_WRITTEN):]
    assert added.startswith("    -   rule: camel-props\n        files: api/openapi.yaml\n")
    assert entries(project)[1] == {
        "rule": "camel-props", "files": "api/openapi.yaml", "pointer": ORDER_ID,
        "owner": "orders-team", "approver": "api-council", "reason": "legacy clients",
        "ticket": "GOV-9", "created": dt.date(2025, 2, 1), "expires": dt.date(2025, 5, 1),
    }


def test_creates_the_file_and_the_waiver_then_suppresses_the_finding(project, govlint):
    run = waive(govlint, project, "camel-props", f"api/openapi.yaml#{ORDER_ID}", *ARGS,
                "--expires", "30d")
    assert run.code == 0, run.stderr
    text = (project / ".govlint" / "waivers.yaml").read_text()
    assert text.startswith("# govlint waivers:")
    assert entries(project)[0]["expires"].isoformat() == "2025-03-03"
    lint = govlint("lint", "api/openapi.yaml", "-f", "json", cwd=project, env=TODAY)
    assert lint.code == 0, lint.stdout
    [found] = lint.json()["results"]
    assert found["suppressed"]["owner"] == "orders-team"
    assert found["suppressed"]["reason"] == "legacy clients"


def test_written_file_follows_the_waiver_schema(project, govlint):
    import jsonschema

    from govlint.resources import schemas_dir

    waive(govlint, project, "camel-*", "api/*.yaml", *ARGS, "--expires", "2025-03-01")
    waive(govlint, project, "camel-props", "api/openapi.yaml", *ARGS, "--expires", "90d",
          "--ticket", "GOV-2")
    data = json.loads(json.dumps(
        yaml.safe_load((project / ".govlint" / "waivers.yaml").read_text()), default=str))
    schema = json.loads((schemas_dir() / "waivers.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert len(data["waivers"]) == 2


def test_file_is_made_relative_to_the_project_root(project, govlint):
    run = waive(govlint, project, "camel-props", "openapi.yaml", *ARGS, "--expires", "10d",
                cwd=project / "api")
    assert run.code == 0, run.stderr
    assert entries(project)[0]["files"] == "api/openapi.yaml"


@pytest.mark.parametrize(("args", "message"), [
    (("--expires", "2025-12-31"), "at most 180 (var maxWaiverDays)"),
    (("--expires", "2025-02-01"), "is not after today"),
    (("--expires", "next week"), "--expires must be a date"),
    (("--expires", "10d", "--created", "2025-03-01"), "in the future"),
])
def test_bad_dates_are_refused(project, govlint, args, message):
    run = waive(govlint, project, "camel-props", "api/openapi.yaml", *ARGS, *args)
    assert run.code == 2
    assert message in run.stderr
    assert not (project / ".govlint" / "waivers.yaml").exists()


@pytest.mark.parametrize(("rule", "target", "message"), [
    ("NAM-999", "api/openapi.yaml", "no rule matches 'NAM-999'"),
    ("waiver-expired", "api/openapi.yaml", "cannot be waived"),
    ("camel-props", "api/missing.yaml", "no such file or directory"),
    ("camel-props", "api/openapi.yaml#/paths/~1nope", "has nothing at /paths/~1nope"),
    ("camel-props", "api/openapi.yaml#paths", "must start with /"),
    ("camel-props", "../elsewhere.yaml", "outside the project root"),
])
def test_bad_targets_are_refused(project, govlint, rule, target, message):
    run = waive(govlint, project, rule, target, *ARGS, "--expires", "10d")
    assert run.code == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_owner_cannot_approve_their_own_waiver(project, govlint):
    run = govlint("waive", "camel-props", "api/openapi.yaml", "--owner", "bob", "--approver",
                  "bob", "--reason", "r", "--expires", "10d", cwd=project, env=TODAY)
    assert run.code == 2
    assert "someone other than the owner" in run.stderr


def test_missing_required_option_is_a_usage_error(project, govlint):
    run = govlint("waive", "camel-props", "api/openapi.yaml", "--owner", "bob",
                  "--expires", "10d", cwd=project, env=TODAY)
    assert run.code == 2
    assert "--approver" in run.stderr


def test_an_active_duplicate_is_refused(project, govlint):
    assert waive(govlint, project, "camel-props", "api/openapi.yaml", *ARGS,
                 "--expires", "10d").code == 0
    again = waive(govlint, project, "camel-props", "api/openapi.yaml", *ARGS, "--expires", "20d")
    assert again.code == 2
    assert "entry #0" in again.stderr and "already waives" in again.stderr


def test_waivers_option_names_another_file(project, govlint):
    run = waive(govlint, project, "camel-props", "api/openapi.yaml", *ARGS, "--expires", "10d",
                "--waivers", "policy/exceptions.yaml")
    assert run.code == 0, run.stderr
    assert (project / "policy" / "exceptions.yaml").is_file()
    assert not (project / ".govlint" / "waivers.yaml").exists()


def test_config_key_names_a_file_that_waive_creates(project, govlint):
    (project / ".govlint.yaml").write_text("rulesets: [rules.yaml]\nwaivers: policy/w.yaml\n")
    run = waive(govlint, project, "camel-props", "api/openapi.yaml", *ARGS, "--expires", "10d")
    assert run.code == 0, run.stderr
    assert (project / "policy" / "w.yaml").is_file()


def test_broken_waiver_file_is_not_overwritten(project, govlint):
    path = project / ".govlint" / "waivers.yaml"
    path.parent.mkdir()
    path.write_text("waivers: [unclosed\n")
    run = waive(govlint, project, "camel-props", "api/openapi.yaml", *ARGS, "--expires", "10d")
    assert run.code == 2
    assert "not valid YAML" in run.stderr
    assert path.read_text() == "waivers: [unclosed\n"
