"""A spec split over files (Redocly's layout: ``openapi.yaml`` + ``paths/*.yaml`` +
``components/{parameters,responses,schemas}.yaml``) is judged as one API by every rule,
each finding reported in the file and line where the offending value is written."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

ROOT_SPEC = """\
openapi: 3.0.3
info:
  title: Orders
  version: 1.0.0
  contact: {name: orders-team}
servers:
  - url: https://api.example.com/v1
paths:
  /orders:
    $ref: paths/orders.yaml
  /orders/{orderId}:
    $ref: paths/orders_{orderId}.yaml
  /refunds:
    get:
      operationId: listRefunds
      summary: List refunds
      parameters:
        - $ref: '#/components/parameters/TraceParent'
      responses:
        '200': {description: ok}
        '400': {$ref: '#/components/responses/BadRequest'}
        '500': {$ref: '#/components/responses/ServerError'}
components:
  parameters:
    TraceParent:
      $ref: components/parameters.yaml#/TraceParent
  responses:
    BadRequest:
      $ref: components/responses.yaml#/BadRequest
    ServerError:
      $ref: components/responses.yaml#/ServerError
"""

ORDERS = """\
get:
  operationId: listOrders
  summary: List orders
  parameters:
    - $ref: ../components/parameters.yaml#/TraceParent
  responses:
    '200':
      description: ok
    '400':
      $ref: ../components/responses.yaml#/BadRequest
    '500':
      $ref: ../components/responses.yaml#/ServerError
post:
  operationId: createOrder
  summary: Create an order
  responses:
    '201':
      description: created
    '400':
      $ref: ../components/responses.yaml#/BadRequest
    '500':
      $ref: ../components/responses.yaml#/ServerError
"""

ORDER = """\
get:
  operationId: getOrder
  summary: Get an order
  parameters:
    - name: orderId
      in: path
      required: true
      schema: {type: string}
    - $ref: ../components/parameters.yaml#/TraceParent
  responses:
    '200':
      description: ok
      content:
        application/json:
          schema:
            $ref: ../components/schemas.yaml#/Order
    '404':
      $ref: ../components/responses.yaml#/NotFound
    '500':
      $ref: ../components/responses.yaml#/ServerError
"""

PARAMETERS = """\
TraceParent:
  name: traceparent
  in: header
  required: false
  schema: {type: string}
"""

RESPONSES = """\
BadRequest:
  description: bad request
  content:
    application/json:
      schema:
        $ref: schemas.yaml#/Error
NotFound:
  description: not found
  content:
    application/json:
      schema:
        $ref: schemas.yaml#/BadError
ServerError:
  description: server error
  content:
    application/json:
      schema:
        $ref: schemas.yaml#/Error
"""

SCHEMAS = """\
Error:
  type: object
  properties:
    code: {type: string}
    message: {type: string}
    traceId: {type: string}
BadError:
  type: object
  properties:
    error: {type: string}
Order:
  type: object
  properties:
    order_id: {type: string}
    status:
      type: string
      enum: [open, closed]
"""


def split_api_files() -> dict[str, str]:
    """Redocly's split layout: file name -> text."""
    return {
        "openapi.yaml": ROOT_SPEC,
        "paths/orders.yaml": ORDERS,
        "paths/orders_{orderId}.yaml": ORDER,
        "components/parameters.yaml": PARAMETERS,
        "components/responses.yaml": RESPONSES,
        "components/schemas.yaml": SCHEMAS,
    }


def write_split_api(directory: Path, overrides: dict[str, str] | None = None) -> Path:
    """Redocly's split layout in ``directory``; ``overrides`` replace files by name."""
    files = {**split_api_files(), **(overrides or {})}
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return directory


def found(run) -> set[tuple[str, str, int]]:
    return {(r["rule"], r["file"], r["line"]) for r in run.json()["results"]}


# What the split API above violates, where each value is written.
EXPECTED = {
    # POST /orders (written in paths/orders.yaml line 13) declares no trace header; the
    # operations that reach `traceparent` through a file ref or through a local ref to a
    # component written in another file do not get TRC-001.
    ("TRC-001", "paths/orders.yaml", 13),
    # NotFound's body schema (components/schemas.yaml) lacks the standard error fields.
    ("ERR-002", "components/schemas.yaml", 7),
    ("NAM-004", "components/schemas.yaml", 14),
    ("NAM-006", "components/schemas.yaml", 17),
}


def test_every_operation_of_a_split_spec_is_judged_where_it_is_written(
        govlint, tmp_path: Path) -> None:
    write_split_api(tmp_path)
    run = govlint("lint", ".", "-f", "json", cwd=tmp_path)
    assert run.code == 1, run.stderr
    assert found(run) == EXPECTED
    trc = next(r for r in run.json()["results"] if r["rule"] == "TRC-001")
    assert trc["message"].startswith("POST /orders does not accept the trace context")
    assert trc["pointer"] == "/post"


def test_stylish_output_names_the_fragment_file_and_line(govlint, tmp_path: Path) -> None:
    write_split_api(tmp_path)
    run = govlint("lint", "openapi.yaml", cwd=tmp_path)
    assert run.code == 1
    assert "paths/orders.yaml" in run.stdout
    assert "13:1" in run.stdout.split("paths/orders.yaml", 1)[1]


def test_a_trace_header_written_only_in_a_components_file_counts(
        govlint, tmp_path: Path) -> None:
    # Every operation declares traceparent through ./components/parameters.yaml.
    write_split_api(tmp_path, {"paths/orders.yaml": ORDERS.replace(
        "post:\n  operationId: createOrder\n",
        "post:\n  operationId: createOrder\n  parameters:\n"
        "    - $ref: ../components/parameters.yaml#/TraceParent\n")})
    run = govlint("lint", ".", "-f", "json", cwd=tmp_path)
    assert "TRC-001" not in run.rules()
    # ... and a required `tracestate` written there is reported there (TRC-002), once
    # for its two uses from two path files.
    parent = "    - $ref: ../components/parameters.yaml#/TraceParent\n"
    state = "    - $ref: ../components/parameters.yaml#/TraceState\n"
    write_split_api(tmp_path, {
        "components/parameters.yaml": PARAMETERS + "TraceState:\n  name: tracestate\n"
        "  in: header\n  required: true\n  schema: {type: string}\n",
        "paths/orders.yaml": ORDERS.replace(parent, parent + state, 1),
        "paths/orders_{orderId}.yaml": ORDER.replace(parent, parent + state, 1),
    })
    run = govlint("lint", ".", "-f", "json", cwd=tmp_path)
    assert [(r["file"], r["line"]) for r in run.json()["results"]
            if r["rule"] == "TRC-002"] == [("components/parameters.yaml", 9)]


def test_a_spec_without_operations_of_its_own_is_not_empty(govlint, tmp_path: Path) -> None:
    # 12 operations written in paths/*.yaml, none declares a trace header: 12 TRC-001.
    paths = "".join(f"  /items{i}:\n    $ref: paths/items{i}.yaml\n" for i in range(6))
    write_split_api(tmp_path, {"openapi.yaml": ROOT_SPEC.split("paths:")[0] + "paths:\n"
                                + paths})
    for i in range(6):
        (tmp_path / "paths" / f"items{i}.yaml").write_text(
            f"get:\n  operationId: getItems{i}\n  summary: s\n  responses:\n"
            "    '200': {description: ok}\n    '400': {description: bad}\n"
            "    '500': {description: down}\n"
            f"delete:\n  operationId: deleteItems{i}\n  summary: s\n  responses:\n"
            "    '204': {description: gone}\n    '400': {description: bad}\n"
            "    '500': {description: down}\n")
    run = govlint("lint", "openapi.yaml", "-f", "json", cwd=tmp_path)
    trc = sorted((r["file"], r["line"]) for r in run.json()["results"] if r["rule"] == "TRC-001")
    assert trc == sorted((f"paths/items{i}.yaml", line) for i in range(6) for line in (1, 8))


def test_fragments_are_not_judged_as_documents(govlint, tmp_path: Path) -> None:
    # A fragment named alone has no `openapi:` key: no document-level OpenAPI rule
    # (DOC-002 owner, NAM-002 version, ...) judges it on its own.
    write_split_api(tmp_path)
    for fragment in ("paths/orders.yaml", "components/schemas.yaml"):
        run = govlint("lint", fragment, "-f", "json", cwd=tmp_path)
        rules = {r["rule"] for r in run.json()["results"] if r["file"] == fragment}
        assert not rules & {"DOC-002", "NAM-002", "ERR-001"}, rules


def test_cross_file_cycles_missing_files_and_escapes_keep_their_findings(
        govlint, tmp_path: Path) -> None:
    project = tmp_path / "repo"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.env").write_text("API_KEY: topsecret-value\n")
    schemas = SCHEMAS + textwrap.dedent("""\
        Node:
          type: object
          properties:
            child_nodes:
              type: array
              items: {$ref: 'nodes.yaml#/Node'}
        """)
    order = ORDER.replace("$ref: ../components/schemas.yaml#/Order",
                          "$ref: ../components/schemas.yaml#/Node")
    orders = ORDERS.replace(
        "    '200':\n      description: ok\n",
        "    '200':\n      description: ok\n      content:\n        application/json:\n"
        "          schema: {$ref: ../components/missing.yaml#/Thing}\n", 1).replace(
        "    '201':\n      description: created\n",
        "    '201':\n      description: created\n      content:\n        application/json:\n"
        "          schema: {$ref: ../components/leak.yaml}\n", 1)
    write_split_api(project, {"components/schemas.yaml": schemas, "paths/orders.yaml": orders,
                              "paths/orders_{orderId}.yaml": order})
    (project / "components" / "nodes.yaml").write_text(
        "Node:\n  type: object\n  properties:\n    parent: {$ref: 'schemas.yaml#/Node'}\n")
    os.symlink(os.path.relpath(outside / "secret.env", project / "components"),
               project / "components" / "leak.yaml")
    run = govlint("lint", "openapi.yaml", "-f", "json", cwd=project)
    got = found(run)
    assert ("ref-unresolved", "paths/orders.yaml", 11) in got
    assert ("ref-forbidden", "paths/orders.yaml", 24) in got
    # the cycle schemas.yaml -> nodes.yaml -> schemas.yaml is walked once, its values judged
    assert ("NAM-004", "components/schemas.yaml", 21) in got
    forbidden = next(r for r in run.json()["results"] if r["rule"] == "ref-forbidden")
    assert "outside the project root" in forbidden["message"]
    for fmt in ("json", "stylish", "sarif", "markdown"):
        out = govlint("lint", "openapi.yaml", "-f", fmt, cwd=project)
        assert "topsecret" not in out.stdout + out.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_only_regular_files_are_read_through_a_ref(govlint, tmp_path: Path) -> None:
    orders = ORDERS.replace("$ref: ../components/parameters.yaml#/TraceParent",
                            "$ref: ../components/pipe.yaml#/TraceParent").replace(
        "    '201':\n      description: created\n",
        "    '201':\n      description: created\n      content:\n        application/json:\n"
        "          schema: {$ref: ../components/zero.yaml}\n", 1)
    write_split_api(tmp_path, {"paths/orders.yaml": orders})
    os.mkfifo(tmp_path / "components" / "pipe.yaml")  # reading it would block forever
    os.symlink("/dev/zero", tmp_path / "components" / "zero.yaml")  # never ends
    # A ruleset without cross-document rules: nothing but the refs reads other files.
    (tmp_path / "r.yaml").write_text("extends: [[spectral:oas, off]]\n")
    run = govlint("lint", "openapi.yaml", "-r", "r.yaml", "-f", "json",
                  cwd=tmp_path)  # 300 s cap
    results = {(r["rule"], r["line"]): r["message"] for r in run.json()["results"]
               if r["file"] == "paths/orders.yaml"}
    assert "not a regular file" in results[("ref-unresolved", 5)]
    assert ("ref-forbidden", 21) in results  # /dev/zero is outside the project


def _git(repo: Path, *args: str) -> None:
    import subprocess

    subprocess.run(["git", "-c", "user.email=ci@example.com", "-c", "user.name=CI", *args],
                   cwd=repo, check=True, capture_output=True)


@pytest.mark.skipif(__import__("shutil").which("git") is None, reason="needs git")
def test_a_changed_fragment_relints_the_spec_that_uses_it(govlint, tmp_path: Path) -> None:
    repo = write_split_api(tmp_path / "repo")
    write_split_api(repo / "other", {"openapi.yaml": ROOT_SPEC.split("paths:")[0]
                                     + "paths: {}\n"})  # a spec that does not use it
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    # components/schemas.yaml is reached from openapi.yaml only through two fragments
    (repo / "components" / "schemas.yaml").write_text(SCHEMAS.replace("order_id", "orderNo"))
    changed = govlint("lint", "--changed-since", "main", "-f", "json", cwd=repo)
    report = changed.json()
    assert report["files"] == ["components/schemas.yaml", "openapi.yaml"]
    # the spec's findings, wherever its values are written (as `govlint lint openapi.yaml`)
    assert found(changed) == EXPECTED - {("NAM-004", "components/schemas.yaml", 14)}
    whole = govlint("lint", "openapi.yaml", "-f", "json", cwd=repo)
    assert found(whole) == found(changed)
    # pre-commit passes the changed files by name: the same
    hook = govlint("lint", "components/schemas.yaml", "-f", "json", cwd=repo)
    assert hook.json()["files"] == ["components/schemas.yaml", "openapi.yaml"]
    assert found(hook) == found(changed)
    assert hook.code == 1


def test_the_score_counts_a_split_spec_as_one_document(govlint, tmp_path: Path) -> None:
    write_split_api(tmp_path)
    lint = govlint("lint", ".", "-f", "json", cwd=tmp_path).json()
    (spec,) = [e for e in lint["inventory"] if e["kind"] == "openapi"]
    assert spec["size"] == 4  # GET/POST /orders, GET /orders/{orderId}, GET /refunds
    assert spec["parts"] == ["components/parameters.yaml", "components/responses.yaml",
                             "components/schemas.yaml", "paths/orders.yaml",
                             "paths/orders_{orderId}.yaml"]
    score = govlint("score", "-f", "json", ".", cwd=tmp_path).json()
    (document,) = score["documents"]  # the fragments' findings are the spec's
    assert (document["file"], document["size"]) == ("openapi.yaml", 4)
    assert document["rules"] == {"ERR-002": 1, "NAM-004": 1, "NAM-006": 1, "TRC-001": 1}
    assert document["score"] < 100


def test_cross_document_rules_read_the_split_spec_too(govlint, tmp_path: Path) -> None:
    # ERR-004 (a workspace rule): error codes used in a components file are checked
    # against the catalogue and reported where they are written.
    write_split_api(tmp_path, {
        "components/responses.yaml": RESPONSES.replace(
            "NotFound:\n  description: not found\n",
            "NotFound:\n  description: not found\n  x-error-codes: [ORD-0001, ORD-0404]\n"),
        "errors/catalog.yaml": "codes:\n  - {code: ORD-0001, http: 404, message: no order}\n",
    })
    expected = [("components/responses.yaml", 9, "error code `ORD-0404` is not registered "
                 "in the error catalogue `errors/catalog.yaml`")]
    # the whole project, or the spec alone (its findings in its fragments are shown too)
    for paths in (["."], ["openapi.yaml"]):
        run = govlint("lint", *paths, "-f", "json", cwd=tmp_path)
        assert [(r["file"], r["line"], r["message"]) for r in run.json()["results"]
                if r["rule"] == "ERR-004"] == expected, paths


def test_worker_processes_report_a_split_spec_the_same(govlint, tmp_path: Path) -> None:
    write_split_api(tmp_path, {
        "components/responses.yaml": RESPONSES.replace(
            "NotFound:\n  description: not found\n",
            "NotFound:\n  description: not found\n  x-error-codes: [ORD-0404]\n")})
    serial = govlint("lint", ".", "-f", "json", "--jobs", "1", cwd=tmp_path)
    parallel = govlint("lint", ".", "-f", "json", "--jobs", "2", cwd=tmp_path)
    assert found(serial) == EXPECTED | {("ERR-004", "components/responses.yaml", 9)}
    assert parallel.stdout == serial.stdout


@pytest.mark.skipif(__import__("shutil").which("git") is None, reason="needs git")
def test_a_deleted_fragment_relints_the_spec_it_breaks(govlint, tmp_path: Path) -> None:
    repo = write_split_api(tmp_path / "repo")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "checkout", "-q", "-b", "feature")
    _git(repo, "rm", "-q", "components/schemas.yaml")
    _git(repo, "commit", "-q", "-m", "drop the schemas")
    run = govlint("lint", "--changed-since", "main", "-f", "json", cwd=repo)
    assert run.json()["files"] == ["openapi.yaml"]
    broken = {(r["file"], r["line"]) for r in run.json()["results"]
              if r["rule"] == "ref-unresolved"}
    # at each object holding a $ref to the deleted file (`schema:`), in the unchanged files
    assert broken == {("components/responses.yaml", 5), ("components/responses.yaml", 11),
                      ("components/responses.yaml", 17),
                      ("paths/orders_{orderId}.yaml", 15)}
    assert run.code == 1
