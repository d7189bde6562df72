"""The platform rules on real upstream files (../shared/corpus): no crash, no parse-error,
and no k8s-crd-schema finding on upstream examples that their own CRDs accept. What the
governance rules do find there is explained in docs/corpus-findings.md."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from tests.conftest import run_govlint

# The one upstream example its own CRD rejects: an unquoted `{{args.linkerd-enabled}}`
# template is a YAML mapping, not the string annotation the author meant (kubectl refuses
# the file too: "invalid map key").
LINKERD = ("examples/traffic-management__rollout-linkerd.yaml", 4,
           "/spec/metrics/0/provider/job/spec/template/metadata/annotations/linkerd.io~1inject")


def lint(directory: Path) -> list[dict]:
    run = run_govlint("lint", ".", "--format", "json", cwd=directory)
    assert run.code in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
    return run.json()["results"]


def schema_findings(results: list[dict]) -> set[tuple[str, int | None, str]]:
    return {(r["file"], r.get("document"), r["pointer"])
            for r in results if r["rule"] == "k8s-crd-schema"}


@pytest.mark.parametrize("name", ["opensergo", "argo-rollouts", "istio"])
def test_corpus_lints_without_parse_errors_or_crd_rule_findings(corpus: Path, name: str) -> None:
    results = lint(corpus / name)
    rules = Counter(r["rule"] for r in results)
    assert rules["parse-error"] == 0
    for rule in ("k8s-crd-storage-version", "k8s-crd-structural-schema", "k8s-crd-name"):
        assert rules[rule] == 0, rule
    expected = {LINKERD} if name == "argo-rollouts" else set()
    assert schema_findings(results) == expected


def test_argo_examples_are_valid_against_the_shipped_schemas(corpus: Path) -> None:
    """Without the CRDs in the workspace the shipped schemas are used: same verdict."""
    results = lint(corpus / "argo-rollouts" / "examples")
    file, doc, pointer = LINKERD
    assert schema_findings(results) == {(file.removeprefix("examples/"), doc, pointer)}


def test_opensergo_samples_are_valid_against_the_shipped_schemas(
        corpus: Path, tmp_path: Path) -> None:
    for sample in ("opensergo_new_sample.yaml", "opensergo_traffic_router_samples.yaml"):
        (tmp_path / sample).write_bytes((corpus / "opensergo" / sample).read_bytes())
    results = lint(tmp_path)
    assert schema_findings(results) == set()
    rules = Counter(r["rule"] for r in results)
    # governance policy, not schema: a 5-request breaker and subsets without DestinationRule
    assert rules["RES-005"] == 1 and rules["REL-003"] == 3
