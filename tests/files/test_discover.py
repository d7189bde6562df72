"""govlint.files.discover: which files a command lints."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.config import Config
from govlint.errors import GovlintError
from govlint.files.discover import discover, relpath


def _tree(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("a: 1\n")


def _rel(paths: list[Path], root: Path) -> list[str]:
    return [relpath(p, root) for p in paths]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _tree(
        tmp_path,
        "api/openapi.yaml", "api/b.json", "api/notes.md", "deploy/x.yml",
        "config/app.properties", ".git/config.yaml", "node_modules/p/package.json",
        ".venv/lib/x.yaml", "venv/y.yaml", "src/__pycache__/z.json",
        ".govlint/waivers.yaml", "vendor/lib/v.yaml",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_directory_walk_keeps_lintable_files_and_skips_tool_dirs(project: Path) -> None:
    found = discover(["."], project, Config(root=project))
    assert _rel(found, project) == [
        "api/b.json", "api/openapi.yaml", "config/app.properties", "deploy/x.yml",
        "vendor/lib/v.yaml",
    ]
    assert all(p.is_absolute() for p in found)


def test_no_paths_means_the_project_root(project: Path) -> None:
    assert discover([], project, Config(root=project)) == discover(
        [str(project)], project, Config(root=project))


def test_explicit_file_is_linted_even_in_ignored_dir_or_odd_extension(project: Path) -> None:
    found = discover([".git/config.yaml", "api/notes.md"], project, Config(root=project))
    assert _rel(found, project) == [".git/config.yaml", "api/notes.md"]


def test_force_exclude_drops_named_files_a_walk_skips(project: Path) -> None:
    """pre-commit passes staged waivers and govlint's own config by name."""
    (project / ".govlint.yaml").write_text("vars: {}\n")
    named = [".govlint/waivers.yaml", "node_modules/p/package.json", ".govlint.yaml",
             "api/openapi.yaml", "api/notes.md"]
    found = discover(named, project, Config(root=project), force_exclude=True)
    assert _rel(found, project) == ["api/notes.md", "api/openapi.yaml"]


def test_globs_with_double_star_and_braces(project: Path) -> None:
    config = Config(root=project)
    assert _rel(discover(["**/*.yml"], project, config), project) == ["deploy/x.yml"]
    assert _rel(discover(["api/*.{json,yaml}"], project, config), project) == [
        "api/b.json", "api/openapi.yaml"]


def test_results_are_sorted_and_deduplicated(project: Path) -> None:
    found = discover(["api", "api/openapi.yaml", "./api/../api/b.json"], project,
                     Config(root=project))
    assert _rel(found, project) == ["api/b.json", "api/openapi.yaml"]


def test_config_include_and_exclude(project: Path) -> None:
    config = Config(root=project, include=["**/*.{yaml,yml}"], exclude=["vendor/**"])
    assert _rel(discover(["."], project, config), project) == [
        "api/openapi.yaml", "deploy/x.yml"]
    # a file named explicitly is linted, as in ruff; --force-exclude (the pre-commit hook's
    # flag: it passes every staged file) drops it
    assert _rel(discover(["vendor/lib/v.yaml"], project, config), project) == [
        "vendor/lib/v.yaml"]
    assert discover(["vendor/lib/v.yaml"], project, config, force_exclude=True) == []


def test_missing_path_is_an_error_naming_it(project: Path) -> None:
    with pytest.raises(GovlintError, match=r"nope\.yaml"):
        discover(["nope.yaml"], project, Config(root=project))
    with pytest.raises(GovlintError, match=r"specs/\*\*/\*\.yaml"):
        discover(["specs/**/*.yaml"], project, Config(root=project))


def test_relpath_outside_root_keeps_dotdot(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    assert relpath(tmp_path / "other" / "a.yaml", root) == "../other/a.yaml"
    assert relpath(root / "sub" / "b.json", root) == "sub/b.json"


def test_govlint_config_is_not_a_project_document(tmp_path: Path) -> None:
    (tmp_path / ".govlint.yaml").write_text("governance: '3.2'\n")
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / ".govlint.yml").write_text("{}\n")
    (tmp_path / "svc" / "openapi.yaml").write_text("openapi: 3.0.3\n")
    config = Config(root=tmp_path)
    assert [p.name for p in discover([], tmp_path, config)] == ["openapi.yaml"]
    named = discover([str(tmp_path / ".govlint.yaml")], tmp_path, config)
    assert [p.name for p in named] == [".govlint.yaml"]
