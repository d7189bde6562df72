"""The OpenAPI rules over the 66 real APIs-guru specs: no crash, and none of the false
alarms the rule pages promise to avoid (docs/rules/*.md, "Decisions")."""

from __future__ import annotations

import re
import shutil

import pytest
from tests.conftest import run_govlint
from tests.rules.governance.rule_docs import RULES


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory):
    from tests.conftest import CORPUS

    source = CORPUS / "apis-guru"
    if not source.is_dir():
        pytest.skip(f"APIs-guru corpus not found at {source}")
    root = tmp_path_factory.mktemp("apis-guru")
    for path in sorted(source.rglob("*.json")):
        dest = root / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, dest)
    run = run_govlint("lint", ".", "--format", "json", cwd=root)
    assert run.code in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
    return run.json()


def _mine(report, rule):
    return [r for r in report["results"] if r["rule"] == rule]


def test_every_spec_is_read_and_linted(corpus_report):
    assert not [r for r in corpus_report["results"] if r["rule"] == "parse-error"]
    assert {r["rule"] for r in corpus_report["results"]} & set(RULES)


def test_nam_001_never_flags_a_lower_camel_path_parameter(corpus_report):
    for r in _mine(corpus_report, "NAM-001"):
        for name in re.findall(r"path parameter `\{([^}]*)\}`", r["message"]):
            assert not re.fullmatch(r"[a-z][a-zA-Z0-9]*", name), r


def test_nam_002_accepts_versioned_paths_and_reports_unversioned_specs_once(corpus_report):
    by_file: dict[str, list[dict]] = {}
    for r in _mine(corpus_report, "NAM-002"):
        by_file.setdefault(r["file"], []).append(r)
    assert "googleapis.com/youtube.json" not in by_file  # /youtube/v3/... paths
    for file, found in by_file.items():
        if any(r["pointer"] == "/paths" for r in found):
            assert len(found) == 1, file
    image = by_file["microsoft.com/cognitiveservices-ImageSearch.json"]
    assert "`v7.0`" in image[0]["message"]


def test_err_002_findings_name_what_is_missing(corpus_report):
    for r in _mine(corpus_report, "ERR-002"):
        assert any(word in r["message"] for word in ("lacks", "no body", "not application")), r
