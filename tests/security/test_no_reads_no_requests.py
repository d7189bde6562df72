"""Issue 11, file reads and requests through schemas: a CRD's or a ruleset schema's
``$ref`` never reads a file or makes a request, and nothing of the target is printed."""

from __future__ import annotations

import json

import pytest
from tests.security.attack import FORMATS, Repo, counting_server, widget_crd

WIDGET = """
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  size: 3
"""


@pytest.mark.parametrize("keyword", ["if", "propertyNames", "contains", "not"])
def test_crd_refs_are_neither_read_nor_requested(tmp_path, keyword):
    repo = Repo(tmp_path)
    with counting_server() as (url, hits):
        for index, target in enumerate((
                f"file://{repo.outside / 'gcp-sa.json'}", f"{url}/schema.json",
                "../outside/gcp-sa.json")):
            repo.write(f"deploy/crd{index}.yaml", widget_crd(f"""
                {keyword}: {{$ref: "{target}"}}
                properties:
                  size: {{type: integer}}
            """))
        repo.write("deploy/widget.yaml", WIDGET)
        for fmt in FORMATS if keyword == "if" else ("json",):
            run = repo.govlint("lint", ".", "-f", fmt, timeout=60)
            repo.assert_safe(run)
            assert run.code == 1, run.output
        assert hits == []
    results = json.loads(repo.govlint("lint", ".", "-f", "json").stdout)["results"]
    refs = [r for r in results if r["rule"] == "k8s-crd-structural-schema"
            and "$ref is not allowed" in r["message"]]
    assert sorted(r["file"] for r in refs) == [f"deploy/crd{i}.yaml" for i in range(3)]
    assert all(r["pointer"].endswith(f"/{keyword}/$ref") for r in refs)


SCHEMA_RULESET = """
rules:
  info-shape:
    given: $.info
    severity: error
    then:
      function: schema
      functionOptions:
        schema:
          type: object
          properties:
            title: {{$ref: "{target}"}}
"""


def test_schema_function_never_fetches(tmp_path):
    repo = Repo(tmp_path)
    repo.write("api/openapi.json", json.dumps(
        {"openapi": "3.0.3", "info": {"title": 3, "version": "1"}, "paths": {}}))
    with counting_server() as (url, hits):
        for target in (f"{url}/title.json", f"file://{repo.outside / 'gcp-sa.json'}"):
            repo.write("ruleset.yaml", SCHEMA_RULESET.format(target=target))
            run = repo.govlint("lint", ".", "-r", "ruleset.yaml", "-f", "json", timeout=60)
            repo.assert_safe(run)
            assert run.code in (0, 1), run.output
        assert hits == []
