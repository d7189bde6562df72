"""`govlint score` and `govlint rollup` as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_score_on_the_examples_shows_both_services_and_their_teams(govlint) -> None:
    run = govlint("score", "examples", cwd=REPO)
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("Organisation score ")
    service_rows = {line.split()[0]: line.split() for line in lines
                    if line.startswith(("orders-svc", "payments-svc"))}
    assert service_rows["orders-svc"][1] == "@acme/orders-team"
    assert service_rows["payments-svc"][1:3] == ["@acme/payments-team", "100.0"]
    assert float(service_rows["orders-svc"][2]) < 60
    team_rows = [line.split()[0] for line in lines if line.startswith("@acme/")]
    assert team_rows == ["@acme/orders-team", "@acme/payments-team"]


@pytest.fixture(scope="module")
def examples_json() -> str:
    from conftest import run_govlint

    run = run_govlint("score", "examples", "--format", "json", cwd=REPO)
    assert run.code == 0, run.stderr
    return run.stdout


def test_score_json_has_the_documented_shape(govlint, examples_json: str) -> None:
    data = json.loads(examples_json)
    assert data["partial"] is False
    assert isinstance(data["organisation"]["score"], float)
    teams = {t["name"]: t for t in data["teams"]}
    assert set(teams) == {"@acme/orders-team", "@acme/payments-team"}
    services = {s["name"]: s for s in data["services"]}
    assert services["orders-svc"]["team"] == "@acme/orders-team"
    assert set(services["orders-svc"]["categories"]) == {
        "NAM", "ERR", "TRC", "RES", "REL", "SBX", "DOC", "LOG", "other"}
    assert services["payments-svc"]["score"] == 100.0
    spec = next(d for d in data["documents"]
                if d["file"] == "examples/orders-svc/api/openapi.yaml")
    assert spec["service"] == "orders-svc" and spec["size"] == 12 and spec["score"] < 50
    assert data["metrics"]["topRules"][0]["rule"] == "TRC-003"
    assert data["metrics"]["docCompleteness"] == 0.5
    again = govlint("score", "examples", "--format", "json", "--jobs", "2", cwd=REPO)
    assert again.stdout == examples_json  # deterministic, whatever the worker count


def test_the_worked_examples_of_docs_score_md_hold(examples_json: str) -> None:
    """docs/score.md quotes these numbers; when a rule change moves them, update the page."""
    data = json.loads(examples_json)
    docs = {d["file"]: d for d in data["documents"]}
    rollout = docs["examples/orders-svc/deploy/rollout.yaml"]
    assert (rollout["score"], rollout["categories"]["REL"]) == (10.5, 10.5)
    spec = docs["examples/orders-svc/api/openapi.yaml"]
    assert (spec["size"], spec["score"], spec["categories"]["TRC"]) == (12, 22.3, 63.0)
    services = {s["name"]: (s["documents"], s["size"], s["score"]) for s in data["services"]}
    assert services == {"orders-svc": (21, 32, 39.0), "payments-svc": (25, 33, 100.0)}
    assert data["organisation"]["score"] == 70.0
    page = (REPO / "docs" / "score.md").read_text(encoding="utf-8")
    for quoted in ("**10.5**", "**22.3**", "**63.0**", "**39.0**", "**100.0**", "**70.0**"):
        assert quoted in page


def test_min_score_gates_ci(govlint) -> None:
    low = govlint("score", "examples", "--min-score", "90", cwd=REPO)
    assert low.code == 1
    assert "is below --min-score 90" in low.stderr
    assert govlint("score", "examples/payments-svc", "--min-score", "100", cwd=REPO).code == 0


def test_markdown_and_html_to_a_file(govlint, tmp_path: Path) -> None:
    md = tmp_path / "out" / "score.md"
    run = govlint("score", "examples", "--format", "markdown", "-o", str(md), cwd=REPO)
    assert run.code == 0 and run.stdout == ""
    text = md.read_text()
    assert "| orders-svc | @acme/orders-team |" in text
    html = tmp_path / "score.html"
    assert govlint("score", "examples", "-f", "html", "-o", str(html), cwd=REPO).code == 0
    assert '<svg id="org-trend"' in html.read_text()


def test_nothing_to_score_is_no_score(govlint, tmp_path: Path) -> None:
    run = govlint("score", ".", cwd=tmp_path)
    assert run.code == 0
    assert "No documents to score: no score." in run.stdout
    data = govlint("score", ".", "-f", "json", cwd=tmp_path).json()
    assert data["organisation"]["score"] is None
    gated = govlint("score", ".", "--min-score", "1", cwd=tmp_path)
    assert gated.code == 1 and "no documents were scored" in gated.stderr


def test_a_sharded_score_is_partial_and_cannot_be_recorded(govlint) -> None:
    run = govlint("score", "examples", "--shard", "1/2", cwd=REPO)
    assert run.code == 0
    assert "PARTIAL RUN (shard 1/2)" in run.stdout
    data = govlint("score", "examples", "--shard", "1/2", "-f", "json", cwd=REPO).json()
    assert data["partial"] is True and data["scope"] == {"shard": "1/2"}
    refused = govlint("score", "examples", "--shard", "1/2", "--record", "--db", "/dev/null/x",
                      cwd=REPO)
    assert refused.code == 2 and "partial" in refused.stderr


def test_a_parse_error_scores_zero(govlint, tmp_path: Path) -> None:
    svc = tmp_path / "svc"
    svc.mkdir()
    (svc / "service.yaml").write_text("service: {name: svc\n")
    data = govlint("score", ".", "-f", "json", cwd=tmp_path).json()
    (doc,) = data["documents"]
    assert doc["unreadable"] is True and doc["score"] == 0.0
    assert data["organisation"]["score"] == 0.0


def test_record_then_history(govlint, tmp_path: Path) -> None:
    shutil.copytree(REPO / "examples" / "payments-svc", tmp_path / "payments-svc")
    (tmp_path / ".govlint.yaml").write_text('governance: "3.2"\n')
    env = {"CI_COMMIT_SHA": "", "CI_COMMIT_REF_NAME": "", "GITHUB_SHA": "",
           "GITHUB_REF_NAME": "", "GITHUB_HEAD_REF": "", "GOVLINT_COMMIT": "",
           "GOVLINT_BRANCH": ""}
    first = govlint("score", "--record", "--branch", "main", "--commit", "aaaa1111",
                    "--at", "2024-05-01T10:00:00Z", cwd=tmp_path, env=env)
    assert first.code == 0, first.stderr
    db = tmp_path / ".govlint" / "history.sqlite"
    assert db.is_file()
    assert "recorded snapshot 1" in first.stderr
    (tmp_path / "payments-svc" / "service.yaml").write_text("service: [broken\n")
    second = govlint("score", "--record", "--at", "2024-05-02T10:00:00Z", cwd=tmp_path,
                     env={**env, "CI_COMMIT_SHA": "bbbb2222", "CI_COMMIT_REF_NAME": "main"})
    assert second.code == 0, second.stderr
    history = govlint("history", cwd=tmp_path)
    assert history.code == 0, history.stderr
    assert "aaaa1111" in history.stdout and "bbbb2222" in history.stdout
    data = govlint("history", "-f", "json", cwd=tmp_path).json()
    first_snap, second_snap = data["snapshots"]
    assert first_snap["score"] == 100.0 and second_snap["delta"] < 0
    assert data["teams"] == [{"name": "@acme/payments-team", "score": second_snap["score"],
                              "previous": 100.0,
                              "delta": round(second_snap["score"] - 100.0, 1)}]


def _lint_service(govlint, service: Path, out: Path) -> None:
    run = govlint("lint", ".", "--format", f"json:{out}", cwd=service)
    assert run.code in (0, 1), run.stderr


def test_rollup_of_reports_from_two_repositories(govlint, tmp_path: Path,
                                                 examples_json: str) -> None:
    """Each service linted in its own checkout (its own root and CODEOWNERS), as CI
    artifacts of two repositories; the rollup names both services and teams."""
    reports = []
    for name in ("orders-svc", "payments-svc"):
        checkout = tmp_path / name
        shutil.copytree(REPO / "examples" / name, checkout)
        reports.append(tmp_path / f"{name}.json")
        _lint_service(govlint, checkout, reports[-1])
        assert json.loads(reports[-1].read_text())["inventory"][0]["owners"] == [
            f"@acme/{name.removesuffix('-svc')}-team"]
    run = govlint("rollup", *map(str, reports), "-f", "json", cwd=tmp_path)
    assert run.code == 0, run.stderr
    data = run.json()
    assert {s["name"]: s["team"] for s in data["services"]} == {
        "orders-svc": "@acme/orders-team", "payments-svc": "@acme/payments-team"}
    assert data["reports"] == [str(p) for p in reports]
    assert {d["report"] for d in data["documents"]} == {str(p) for p in reports}
    direct = json.loads(examples_json)
    assert {t["name"]: t["score"] for t in data["teams"]}["@acme/payments-team"] == 100.0
    assert len(data["documents"]) == len(direct["documents"])


@pytest.mark.parametrize(("content", "message"), [
    (None, "cannot read report"),
    ("not json", "not a JSON report"),
    ('{"tool": "other"}', "not a govlint JSON report"),
])
def test_rollup_of_a_bad_report_is_a_usage_error(govlint, tmp_path: Path, content: str | None,
                                                 message: str) -> None:
    path = tmp_path / "r.json"
    if content is not None:
        path.write_text(content)
    run = govlint("rollup", str(path), cwd=tmp_path)
    assert run.code == 2 and message in run.stderr and "Traceback" not in run.stderr


def test_rollup_of_shard_reports(govlint, tmp_path: Path, examples_json: str) -> None:
    """Shards of one run roll up to the unsharded score (service directories are found
    across the shards); one shard alone is partial and is not recorded."""
    shards = []
    for k in (1, 2):
        shards.append(tmp_path / f"shard-{k}.json")
        run = govlint("lint", "examples", "--shard", f"{k}/2", "--format",
                      f"json:{shards[-1]}", cwd=REPO)
        assert run.code in (0, 1), run.stderr
    one = govlint("rollup", str(shards[0]), "--record", "--db", str(tmp_path / "h.sqlite"),
                  cwd=tmp_path)
    assert one.code == 2 and "partial" in one.stderr and one.stdout == ""
    assert not (tmp_path / "h.sqlite").exists()
    both = govlint("rollup", *map(str, shards), "-f", "json", cwd=tmp_path).json()
    assert both["partial"] is False
    whole = json.loads(examples_json)
    assert [(s["name"], s["team"], s["score"]) for s in both["services"]] == [
        (s["name"], s["team"], s["score"]) for s in whole["services"]]
    assert both["organisation"] == whole["organisation"]


def test_counts_of_one_are_singular(govlint, tmp_path: Path) -> None:
    shutil.copytree(REPO / "examples" / "payments-svc", tmp_path / "payments-svc")
    run = govlint("score", "payments-svc", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert " 1 service, 1 team, " in run.stdout.splitlines()[0]
    assert " 1 files" not in run.stdout and " 1 findings" not in run.stdout


def test_rollup_missing_shards_are_listed_in_words(govlint, tmp_path: Path) -> None:
    shards = []
    for k in (1, 3):
        shards.append(str(tmp_path / f"s{k}.json"))
        govlint("lint", "examples", "--shard", f"{k}/3", "-f", f"json:{shards[-1]}", cwd=REPO)
    run = govlint("rollup", *shards, cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert "PARTIAL RUN (shards 1/3, 3/3)" in run.stdout
    assert "[" not in run.stdout.splitlines()[2]


def test_top_n_lists_n_rules_in_text(govlint) -> None:
    def listed(*args: str) -> list[str]:
        run = govlint("score", "examples", *args, cwd=REPO)
        assert run.code == 0, run.stderr
        lines = run.stdout.splitlines()
        start = lines.index("Most violated rules:") + 1
        return [line.split()[0] for line in lines[start:] if line.startswith("  ")]

    seven, one = listed("--top", "7"), listed("--top", "1")
    assert len(seven) == 7 and len(set(seven)) == 7
    assert one == seven[:1]


def test_record_outside_git_prints_whole_words(govlint, tmp_path: Path) -> None:
    shutil.copytree(REPO / "examples" / "payments-svc", tmp_path / "payments-svc")
    env = {name: "" for name in ("CI_COMMIT_SHA", "CI_COMMIT_REF_NAME", "GITHUB_SHA",
                                 "GITHUB_REF_NAME", "GITHUB_HEAD_REF", "GOVLINT_COMMIT",
                                 "GOVLINT_BRANCH")}
    env["GIT_CEILING_DIRECTORIES"] = str(tmp_path.parent)  # never the enclosing repository
    run = govlint("score", "--record", cwd=tmp_path, env=env)
    assert run.code == 0, run.stderr
    [line] = [x for x in run.stderr.splitlines() if "recorded snapshot" in x]
    assert line.endswith("(no branch and no commit: not in a git repository; "
                         "pass --branch/--commit)")
    named = govlint("score", "--record", "--commit", "0123456789abcdef", cwd=tmp_path, env=env)
    assert "(no branch @ 01234567)" in named.stderr


def test_a_helm_chart_is_not_a_service_nor_a_document(govlint, tmp_path: Path) -> None:
    """Issue 10 review 5: Chart.yaml / values files are Helm's, not governance documents."""
    files = {
        "svc/service.yaml": (REPO / "examples/payments-svc/service.yaml").read_text("utf-8"),
        "helm-chart/Chart.yaml": "apiVersion: v2\nname: demo\nversion: 0.1.0\n",
        "helm-chart/values.yaml": "images:\n  tag: v1\nname: demo\n",
        "helm-chart/ci-values.yaml": "images:\n  tag: ci\n",
        "helm-chart/values.schema.json": "{not json\n",
        "helm-chart/templates/deploy.yaml": "kind: Deployment\nname: {{ .Values.name }}\n",
        "helm-chart/charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
        "helm-chart/charts/sub/templates/cm.yaml": "{{- if .Values.x }}\nkind: ConfigMap\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    lint = govlint("lint", "-f", "json", ".", cwd=tmp_path).json()
    assert {r["rule"] for r in lint["results"] if r["file"].startswith("helm-chart/")} == {
        "helm-templates-skipped", "parse-error"}  # the lint report still says it all
    run = govlint("score", "-f", "json", ".", cwd=tmp_path)
    assert run.code == 0, run.stderr
    data = run.json()
    assert [s["name"] for s in data["services"]] == ["payments-svc"]
    assert [d["file"] for d in data["documents"]] == ["svc/service.yaml"]
    text = govlint("score", ".", cwd=tmp_path).stdout
    assert "helm-chart" not in text and "sub " not in text
