"""CODEOWNERS: which team owns a file (GitHub/GitLab pattern rules)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.score.owners import Owners, annotate, matches, parse

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("pattern", "path", "expected"), [
    ("*", "a/b/c.yaml", True),
    ("*.yaml", "deep/dir/x.yaml", True),
    ("*.yaml", "x.json", False),
    ("/api/", "api/openapi.yaml", True),
    ("/api/", "svc/api/openapi.yaml", False),
    ("api/", "svc/api/openapi.yaml", True),        # no inner slash: any depth
    ("deploy/*.yaml", "deploy/a.yaml", True),      # inner slash: anchored
    ("deploy/*.yaml", "svc/deploy/a.yaml", False),
    ("deploy/*.yaml", "deploy/sub/a.yaml", False),
    ("docs/**/*.md", "docs/a/b/c.md", True),
    ("**/service.yaml", "x/y/service.yaml", True),
    ("service.yaml", "x/service.yaml", True),
    ("/service.yaml", "x/service.yaml", False),
    ("svc", "svc/deploy/a.yaml", True),             # a directory name covers its contents
])
def test_patterns(pattern: str, path: str, expected: bool) -> None:
    assert matches(pattern, path) is expected


def test_parse_skips_comments_sections_and_keeps_unowned_lines() -> None:
    entries = parse("# owners\n\n[Backend] @lead\n*.yaml @a/team @b  # trailing\n"
                    "vendor/\n^[Optional]\nmy\\ file.yaml @c\n")
    assert [(e.pattern, e.owners) for e in entries] == [
        ("*.yaml", ("@a/team", "@b")), ("vendor/", ()), ("my file.yaml", ("@c",)),
    ]


def test_last_matching_line_wins_and_an_ownerless_line_unowns(tmp_path: Path) -> None:
    (tmp_path / "CODEOWNERS").write_text("* @org/all\napi/ @org/api\nvendor/\n")
    owners = Owners(tmp_path)
    assert owners.owners("deploy/x.yaml") == ("@org/all",)
    assert owners.owners("api/openapi.yaml") == ("@org/api",)
    assert owners.owners("vendor/lib.yaml") == ()


def test_nearest_codeowners_first_then_the_next_one_up(tmp_path: Path) -> None:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "CODEOWNERS").write_text("* @org/platform\n")
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "CODEOWNERS").write_text("/api/ @org/svc-api\n")
    owners = Owners(tmp_path)
    assert owners.owners("svc/api/openapi.yaml") == ("@org/svc-api",)  # relative to svc/
    assert owners.owners("svc/deploy/x.yaml") == ("@org/platform",)  # svc/ has no line for it
    assert owners.owners("other/x.yaml") == ("@org/platform",)


def test_no_codeowners_means_no_owners(tmp_path: Path) -> None:
    inventory = [{"file": "a.yaml", "kind": "k8s", "size": 1}]
    assert annotate(inventory, tmp_path) == [{"file": "a.yaml", "kind": "k8s", "size": 1}]


def test_the_examples_are_owned_by_their_teams() -> None:
    inventory = annotate([{"file": "examples/orders-svc/api/openapi.yaml"},
                          {"file": "examples/payments-svc/deploy/rollout.yaml"}], REPO)
    assert [e["owners"] for e in inventory] == [["@acme/orders-team"],
                                                ["@acme/payments-team"]]
