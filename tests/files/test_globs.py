"""govlint.files.globs: the glob dialect of the config and the command line."""

from __future__ import annotations

import pytest

from govlint.files.globs import has_magic, matches


@pytest.mark.parametrize(
    ("path", "pattern", "expected"),
    [
        ("service.yaml", "**/service.yaml", True),  # '**/' matches zero directories
        ("a/b/service.yaml", "**/service.yaml", True),
        ("a/b/service.yaml.bak", "**/service.yaml", False),
        ("x/sentinel/y/rules.json", "**/sentinel/**/*.json", True),
        ("x/sentinel/rules.json", "**/sentinel/**/*.json", True),
        ("x/notsentinel/rules.json", "**/sentinel/**/*.json", False),
        ("deep/dir/file.yml", "*.yml", True),  # no '/': matches the base name anywhere
        ("a/b.yaml", "a/*.yaml", True),
        ("a/c/b.yaml", "a/*.yaml", False),  # '*' never crosses '/'
        ("vendor/x/y.json", "vendor/**", True),
        ("api/x.json", "api/*.{json,yaml}", True),
        ("api/x.yml", "api/*.{json,y{a,}ml}", True),
        ("api/x1.json", "api/x[0-9].json", True),
        ("api/xa.json", "api/x[!0-9].json", True),
        ("api/x1.json", "api/x[!0-9].json", False),
    ],
)
def test_matches(path: str, pattern: str, expected: bool) -> None:
    assert matches(path, [pattern]) is expected


def test_has_magic() -> None:
    assert has_magic("**/*.yaml") and has_magic("a/{b,c}")
    assert not has_magic("plain/file.yaml")
