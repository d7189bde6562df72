"""``govlint diff`` workflow around the comparison (issue 12 review): oasdiff's option
spellings, the changelog headline, bad input named clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.diff.test_cli_diff import BASE, ok, run, write


def changed(tmp: Path) -> None:
    """BASE -> HEAD with one warning (an enum value added to a response) and an endpoint
    added (info)."""
    head = json.loads(json.dumps(BASE))
    head["paths"]["/v1/orders"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"]["items"]["properties"]["status"]["enum"].append("refunded")
    head["paths"]["/v1/orders/{id}"]["get"] = {"responses": {"200": ok()}}
    write(tmp / "base.yaml", BASE)
    write(tmp / "head.yaml", head)


@pytest.mark.parametrize(("fail_on", "level", "code", "rules"), [
    ("ERR", "WARN", 0, ["response-property-enum-value-added"]),
    ("WARN", "INFO", 1, ["endpoint-added", "response-property-enum-value-added"]),
    ("Warn", "Err", 0, []),  # nothing at error level: nothing reported, nothing fails
    ("INFO", "info", 1, ["endpoint-added", "response-property-enum-value-added"]),
    ("NONE", "INFO", 0, ["endpoint-added", "response-property-enum-value-added"]),
])
def test_oasdiff_level_spellings_are_accepted_in_any_case(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_on: str, level: str, code: int,
        rules: list[str]) -> None:
    changed(tmp_path)
    got, out, err = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "-f", "json",
                        "--fail-on", fail_on, "--level", level)
    assert got == code, err
    assert sorted(r["rule"] for r in json.loads(out)["results"]) == rules


def test_an_unknown_level_is_still_a_usage_error(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    changed(tmp_path)
    code, _, err = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "--level", "breaking")
    assert code == 2 and "--level" in err


@pytest.mark.parametrize(("other", "words"), [(0, "0 other changes"), (1, "1 other change")])
def test_changelog_headline_counts_other_changes_in_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, other: int, words: str) -> None:
    head = json.loads(json.dumps(BASE))
    del head["paths"]["/v1/orders/{id}"]
    if other:
        head["paths"]["/v1/orders"]["get"]["tags"] = ["orders"]
    write(tmp_path / "base.yaml", BASE)
    write(tmp_path / "head.yaml", head)
    code, out, _ = run(tmp_path, monkeypatch, "base.yaml", "head.yaml", "--level", "info",
                       "-f", "markdown")
    assert code == 1
    assert out.splitlines()[0] == f"### govlint diff: ❌ 1 breaking, 0 possibly breaking, {words}"
