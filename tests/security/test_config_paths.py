"""Issue 11, reads through ``.govlint.yaml``: ``waivers`` and ``errorCatalog`` paths resolve
(realpath) inside the project root, and messages never quote the file that was read."""

from __future__ import annotations

import json

import pytest
from tests.security.attack import Repo

SPEC = """
openapi: 3.0.3
info: {title: Orders, version: 1.0.0}
paths:
  /v1/orders:
    get:
      operationId: listOrders
      responses:
        '200': {description: ok}
        '404':
          description: missing
          x-error-codes: [ORD-0001]
"""


@pytest.mark.parametrize("target", ["../outside/secret.yaml", "link.yaml"])
def test_waivers_outside_the_project_are_not_read(tmp_path, target):
    repo = Repo(tmp_path)
    (repo.root / "link.yaml").symlink_to(repo.outside / "secret.yaml")
    repo.write(".govlint.yaml", f"waivers: {target}\n")
    repo.write("api/openapi.yaml", SPEC)
    run = repo.govlint("lint", ".", "-f", "json", timeout=60)
    repo.assert_safe(run)
    assert run.code == 2 and "outside the project root" in run.stderr, run.output
    assert "private_key" not in run.output


def test_a_waiver_file_that_is_no_waiver_file_is_not_quoted(tmp_path):
    repo = Repo(tmp_path)
    repo.write("ci-credentials.yaml", (repo.outside / "secret.yaml").read_text())
    repo.write(".govlint.yaml", "waivers: ci-credentials.yaml\n")
    repo.write("api/openapi.yaml", SPEC)
    run = repo.govlint("lint", ".", "-f", "json", timeout=60)
    repo.assert_safe(run)
    messages = [r["message"] for r in json.loads(run.stdout)["results"]
                if r["rule"] == "waiver-invalid"]
    assert messages and not any("private_key" in m for m in messages)


@pytest.mark.parametrize("where", ["absolute", "relative", "symlink"])
def test_error_catalog_outside_the_project_is_not_read(tmp_path, where):
    repo = Repo(tmp_path)
    (repo.outside / "catalog.yaml").write_text("codes:\n  - {code: ORD-0001, http: 404}\n")
    target = {"absolute": str(repo.outside / "catalog.yaml"),
              "relative": "../../outside/catalog.yaml",
              "symlink": "errors/catalog.yaml"}[where]
    if where == "symlink":
        (repo.root / "api" / "errors").mkdir(parents=True)
        (repo.root / "api" / "errors" / "catalog.yaml").symlink_to(
            repo.outside / "catalog.yaml")
    repo.write(".govlint.yaml", f"errorCatalog: {target}\n")
    repo.write("api/openapi.yaml", SPEC)
    run = repo.govlint("lint", ".", "-f", "json", timeout=60)
    repo.assert_safe(run)
    err4 = [r["message"] for r in json.loads(run.stdout)["results"] if r["rule"] == "ERR-004"]
    assert err4 == [f"error catalogue `{target}` resolves outside the project root: not read"]


def test_an_alias_bomb_error_catalogue_is_not_expanded(tmp_path):
    """The catalogue is read with govlint's YAML bounds even when it is not linted itself
    (an excluded file): a billion-laughs catalogue is "not valid YAML", in seconds."""
    repo = Repo(tmp_path)
    laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        laughs.append(f"{chr(97 + i)}: &{chr(97 + i)} [{','.join([f'*{chr(96 + i)}'] * 9)}]")
    repo.write("api/errors/catalog.yaml", "\n".join([*laughs, "codes: *i"]) + "\n")
    repo.write(".govlint.yaml", "exclude: ['**/errors/**']\n")
    repo.write("api/openapi.yaml", SPEC)
    run = repo.govlint("lint", ".", "-f", "json", timeout=60)
    repo.assert_safe(run)
    assert run.seconds < 30, run.output
    err4 = [r["message"] for r in json.loads(run.stdout)["results"] if r["rule"] == "ERR-004"]
    assert err4 == ["error catalogue `errors/catalog.yaml` cannot be read (not valid YAML)"]
