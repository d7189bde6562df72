"""The lint pipeline: worker processes never change what a run reports."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import REPO

from govlint.pipeline import _chunks

RULESET = REPO / "tests" / "data" / "spectral-compat" / "ruleset.yaml"


def write_split_spec(directory: Path, specs: int) -> None:
    """``specs`` OpenAPI files whose responses all $ref one schema in ``common.yaml``."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "common.yaml").write_text(
        "components:\n  schemas:\n    Pet:\n      type: object\n      properties:\n"
        "        petName: {type: string}\n")
    for i in range(specs):
        (directory / f"api{i}.yaml").write_text(
            "openapi: 3.0.3\ninfo: {title: t, version: '1.0'}\npaths:\n  /pets:\n    get:\n"
            f"      operationId: getPets{i}\n      responses:\n        '200':\n"
            "          description: ok\n          content:\n            application/json:\n"
            "              schema: {$ref: 'common.yaml#/components/schemas/Pet'}\n")


def test_jobs_do_not_change_the_report(govlint, corpus: Path, tmp_path: Path) -> None:
    # Real specs plus a spec split over files: a shared file reached through $ref from
    # specs linted by different workers must be reported once, in the same order.
    project = tmp_path / "p"
    shutil.copytree(corpus / "apis-guru", project / "guru")
    write_split_spec(project / "split", specs=4)
    serial = govlint("lint", ".", "--ruleset", str(RULESET), "--format", "json", "--jobs", "1",
                     cwd=project)
    parallel = govlint("lint", ".", "--ruleset", str(RULESET), "--format", "json",
                       "--jobs", "2", cwd=project)
    assert serial.code == parallel.code
    results = serial.json()["results"]
    assert len(results) > 1000
    shared_rules = [r["rule"] for r in results if r["file"] == "split/common.yaml"]
    assert shared_rules.count("property-names-snake-case") == 1
    assert parallel.stdout == serial.stdout


def test_work_units_start_with_the_biggest_files(tmp_path: Path) -> None:
    paths = []
    for name, size in [("a", 10), ("b", 5000), ("c", 300), ("d", 20)]:
        path = tmp_path / f"{name}.json"
        path.write_bytes(b" " * size)
        paths.append(path)
    chunks = _chunks(paths, 2)
    assert chunks[0] == [tmp_path / "b.json"]  # alone: a big file is a unit of its own
    assert sorted(p for chunk in chunks for p in chunk) == sorted(paths)
    assert _chunks(paths, 1) == [paths]


def test_a_file_reached_from_two_workers_is_reported_once(tmp_path: Path, monkeypatch) -> None:
    from govlint import pipeline
    from govlint.config import Config

    write_split_spec(tmp_path, specs=2)
    ruleset = tmp_path / "rules.yaml"
    ruleset.write_text(
        "rules:\n  snake-props:\n    given: \"$..properties[*]~\"\n"
        "    then: {function: casing, functionOptions: {type: snake}}\n")
    # one work unit per file: the finding in common.yaml comes from each api file's resolved
    # tree and from common.yaml itself, in three workers
    monkeypatch.setattr(pipeline, "_chunks", lambda paths, jobs: [[p] for p in paths])

    def shared(jobs: int) -> list[tuple[str, str]]:
        request = pipeline.LintRequest(paths=[str(tmp_path)],
                                       config=Config(root=tmp_path), rulesets=[str(ruleset)],
                                       jobs=jobs)
        results = pipeline.lint(request).report.results
        return [(f.rule, f.pointer) for f in results if f.file == "common.yaml"]

    assert shared(2) == shared(1) == [("snake-props",
                                       "/components/schemas/Pet/properties/petName")]


def test_jobs_do_not_change_a_report_with_per_service_configs(govlint, tmp_path: Path) -> None:
    # Three services, one pinning 3.1, one extending it with vars, one under the defaults;
    # enough files for worker processes; work units mix no configs.
    from tests.test_config import PINNED, SERVICE_SPEC

    for name in ("svc-a", "svc-b", "svc-c"):
        for i in range(30):
            path = tmp_path / name / "api" / f"orders-{i}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(SERVICE_SPEC, encoding="utf-8")
    (tmp_path / "svc-a" / ".govlint.yaml").write_text(PINNED, encoding="utf-8")
    (tmp_path / "svc-c" / ".govlint.yaml").write_text(
        "extends: ../svc-a/.govlint.yaml\nvars: {propertyCasing: camel}\n", encoding="utf-8")
    (tmp_path / ".govlint.yaml").write_text("{}\n", encoding="utf-8")
    serial = govlint("lint", "-f", "json", "--jobs", "1", cwd=tmp_path)
    parallel = govlint("lint", "-f", "json", "--jobs", "2", cwd=tmp_path)
    assert serial.code == parallel.code == 1, serial.stderr
    assert parallel.stdout == serial.stdout
    report = serial.json()
    assert [(c["directory"], c["governance"]["version"], c["files"])
            for c in report["configs"]] == [(".", "3.2", 30), ("svc-a", "3.1", 30),
                                            ("svc-c", "3.1", 30)]
    nam = {r["file"].split("/")[0] for r in report["results"] if r["rule"] == "NAM-004"}
    assert nam == {"svc-b", "svc-c"}  # svc-a's snake_case vars, svc-c's camel override


def test_a_named_file_no_cross_document_rule_reads_skips_the_workspace(
        tmp_path: Path, monkeypatch) -> None:
    """Pre-commit naming a broken or unrelated file in a marker-less repository: the
    governance ruleset's cross-document rules read nothing of it, so its directory (here
    the whole project) is not loaded for them; a named spec still gets its workspace."""
    from govlint import pipeline
    from govlint.config import Config
    from govlint.files import workspace

    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "broken.yaml").write_text("a: [1\n")
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "orders.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n")
    seeds: list[list[str]] = []
    real = workspace.workspace_files

    def recording(files, *args, **kwargs):
        import inspect

        if inspect.stack()[1].function == "_workspace_documents":  # the cross-document rules
            seeds.append(sorted(Path(f).name for f in files))
        return real(files, *args, **kwargs)

    monkeypatch.setattr(workspace, "workspace_files", recording)
    for named, expected in (("notes/broken.yaml", []), ("svc/orders.yaml", [["orders.yaml"]])):
        seeds.clear()
        request = pipeline.LintRequest(paths=[str(tmp_path / named)],
                                       config=Config(root=tmp_path))
        report = pipeline.lint(request).report
        assert report.files == [named]
        assert seeds == expected
