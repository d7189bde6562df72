"""govlint.documents.refs: $ref resolution, lazily and safely."""

from __future__ import annotations

from pathlib import Path

from govlint.config import Config
from govlint.documents.load import load_file
from govlint.documents.model import Document
from govlint.documents.refs import RefCache, origin, resolve
from govlint.findings.model import Severity


def _doc(root: Path, name: str, text: str) -> Document:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    loaded = load_file(path, root, Config(root=root))
    assert loaded.findings == []
    return loaded.documents[0]


def test_local_and_file_refs_are_replaced_by_their_targets(tmp_path: Path) -> None:
    _doc(tmp_path, "common/schemas.yaml", "Pet:\n  type: object\n  properties:\n"
         "    owner: {$ref: '#/Owner'}\nOwner:\n  type: string\n")
    doc = _doc(tmp_path, "api.yaml",
               "paths:\n  /p:\n    get:\n      schema: {$ref: '#/components/schemas/Local'}\n"
               "      other: {$ref: 'common/schemas.yaml#/Pet'}\n"
               "components:\n  schemas:\n    Local: {type: integer}\n")
    data, findings = resolve(doc, RefCache(tmp_path), tmp_path)
    assert findings == []
    get = data["paths"]["/p"]["get"]
    assert get["schema"] == {"type": "integer"}
    assert get["other"] == {"type": "object", "properties": {"owner": {"type": "string"}}}
    assert "$ref" in doc.data["paths"]["/p"]["get"]["schema"]  # the document is untouched


def test_circular_refs_stay_as_ref_objects(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "c.json", '{"A": {"next": {"$ref": "#/B"}}, "B": {"next": '
               '{"$ref": "#/A"}}, "self": {"$ref": "#/self"}}')
    data, findings = resolve(doc, RefCache(tmp_path), tmp_path)
    # A <-> B is recursion through content (fine); `self` is a ref to itself: no value
    assert [(f.rule, f.path) for f in findings] == [("ref-unresolved", ("self",))]
    assert data["A"]["next"]["next"] == {"$ref": "#/A"}
    assert data["self"] == {"$ref": "#/self"}


def test_a_pure_ref_loop_is_reported_where_it_closes_through_the_cli(govlint, tmp_path: Path
                                                                      ) -> None:
    """Issue 10 review 9: X -> Y -> X (in one file or across files) resolves to nothing;
    recursive schemas (a ref to an enclosing schema inside its properties) stay silent."""
    (tmp_path / "openapi.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1', x-service-name: t}\npaths: {}\n"
        "components:\n  schemas:\n"
        "    X: {$ref: '#/components/schemas/Y'}\n"
        "    Y: {$ref: '#/components/schemas/X'}\n"
        "    Far: {$ref: './b.yaml#/Back'}\n"
        "    Node:\n      type: object\n      properties:\n"
        "        child: {$ref: '#/components/schemas/Node'}\n"
        "        tree: {$ref: './b.yaml#/Tree'}\n")
    (tmp_path / "b.yaml").write_text(
        "Back: {$ref: './openapi.yaml#/components/schemas/Far'}\n"
        "Tree:\n  type: object\n  properties:\n"
        "    up: {$ref: './openapi.yaml#/components/schemas/Node'}\n")
    run = govlint("lint", "openapi.yaml", "-f", "json", cwd=tmp_path)
    loops = [(r["file"], r["line"], r["message"]) for r in run.json()["results"]
             if r["rule"] == "ref-unresolved"]
    assert loops == [
        ("b.yaml", 1, "$ref './openapi.yaml#/components/schemas/Far' cannot be resolved: "
         "the $ref loop './b.yaml#/Back' -> './openapi.yaml#/components/schemas/Far' -> "
         "'./b.yaml#/Back' resolves to no value"),
        ("openapi.yaml", 7, "$ref '#/components/schemas/X' cannot be resolved: the $ref loop "
         "'#/components/schemas/Y' -> '#/components/schemas/X' -> '#/components/schemas/Y' "
         "resolves to no value"),
    ]
    assert run.code == 1


def test_bad_refs_are_findings_at_the_ref(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    (tmp_path / "secret.yaml").write_text("x: 1\n")
    root = tmp_path / "project"
    doc = _doc(root, "api.yaml",
               "a: {$ref: '../secret.yaml#/x'}\n"
               "b:\n  c: {$ref: 'https://example.com/s.yaml'}\n"
               "d: {$ref: '#/nowhere'}\n"
               "e: {$ref: 'missing.yaml'}\n")
    data, findings = resolve(doc, RefCache(root), root)
    got = {(f.rule, f.severity, f.path, f.line) for f in findings}
    assert got == {
        ("ref-forbidden", Severity.ERROR, ("a",), 1),
        ("ref-remote", Severity.WARN, ("b", "c"), 3),
        ("ref-unresolved", Severity.ERROR, ("d",), 4),
        ("ref-unresolved", Severity.ERROR, ("e",), 5),
    }
    assert all(f.file == "api.yaml" for f in findings)
    assert data["a"] == {"$ref": "../secret.yaml#/x"}  # not followed
    assert "not followed" in next(f.message for f in findings if f.rule == "ref-remote")


def test_finding_in_a_referenced_file_points_into_that_file(tmp_path: Path) -> None:
    _doc(tmp_path, "lib.yaml", "X:\n  y: {$ref: '#/nope'}\n")
    doc = _doc(tmp_path, "api.yaml", "s: {$ref: 'lib.yaml#/X'}\n")
    _, findings = resolve(doc, RefCache(tmp_path), tmp_path)
    assert [(f.file, f.path) for f in findings] == [("lib.yaml", ("X", "y"))]


def test_origin_maps_a_resolved_path_to_where_it_is_written(tmp_path: Path) -> None:
    _doc(tmp_path, "lib.yaml", "Pet:\n  properties:\n    name: {type: string}\n")
    doc = _doc(tmp_path, "api.yaml",
               "schema: {$ref: 'lib.yaml#/Pet'}\nlocal: {$ref: '#/schema'}\n")
    cache = RefCache(tmp_path)
    where, path = origin(doc, ("local", "properties", "name", "type"), cache, tmp_path)
    assert (where.file, path) == ("lib.yaml", ("Pet", "properties", "name", "type"))
    where, path = origin(doc, ("schema",), cache, tmp_path)
    assert (where.file, path) == ("lib.yaml", ("Pet",))


def test_yaml_integer_keys_are_reachable_by_pointer(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "r.yaml",
               "responses:\n  200: {description: ok}\nuse: {$ref: '#/responses/200'}\n")
    data, findings = resolve(doc, RefCache(tmp_path), tmp_path)
    assert findings == [] and data["use"] == {"description": "ok"}


def test_remote_refs_are_fetched_only_with_the_flag(tmp_path: Path, govlint) -> None:
    import functools
    import http.server
    import threading

    served = tmp_path / "served"
    served.mkdir()
    (served / "common.yaml").write_text(
        "components:\n  schemas:\n    Pet:\n      type: object\n      properties:\n"
        "        petName: {type: string}\n        other: {$ref: 'other.yaml#/Other'}\n")
    (served / "other.yaml").write_text("Other: {type: string}\n")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    requests: list[str] = []
    original = server.finish_request

    def counting(request, address):  # type: ignore[no-untyped-def]
        requests.append(str(address))
        return original(request, address)

    server.finish_request = counting  # type: ignore[method-assign]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    project = tmp_path / "p"
    project.mkdir()
    (project / "api.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n"
        "            application/json:\n"
        f"              schema: {{$ref: '{base}/common.yaml#/components/schemas/Pet'}}\n"
        "        '404':\n          description: no\n          content:\n"
        "            application/json:\n"
        f"              schema: {{$ref: '{base}/missing.yaml#/x'}}\n")
    (project / "r.yaml").write_text(
        "rules:\n  snake-props:\n    given: \"$..properties[*]~\"\n"
        "    then: {function: casing, functionOptions: {type: snake}}\n")
    try:
        offline = govlint("lint", "api.yaml", "-r", "r.yaml", "-f", "json", cwd=project)
        assert [r["rule"] for r in offline.json()["results"]] == ["ref-remote", "ref-remote"]
        assert requests == []  # never fetched without the flag
        online = govlint("lint", "api.yaml", "-r", "r.yaml", "-f", "json",
                         "--allow-remote-refs", cwd=project)
    finally:
        server.shutdown()
    found = {(r["rule"], r["file"], r["pointer"]) for r in online.json()["results"]}
    assert found == {
        ("ref-unresolved", "api.yaml",
         "/paths/~1pets/get/responses/404/content/application~1json/schema"),
        ("snake-props", f"{base}/common.yaml", "/components/schemas/Pet/properties/petName"),
    }  # other.yaml, relative to the fetched file, resolved too


def test_bundle_inlines_file_refs_and_keeps_the_documents_own_local_refs(
        tmp_path: Path) -> None:
    from govlint.documents.refs import bundle

    _doc(tmp_path, "components/schemas.yaml",
         "Pet:\n  properties:\n    owner: {$ref: '#/Owner'}\n    next: {$ref: '#/Pet'}\n"
         "Owner: {type: string}\n")
    doc = _doc(tmp_path, "openapi.yaml",
               "paths:\n  /p:\n    get:\n      schema: {$ref: '#/components/schemas/Pet'}\n"
               "components:\n  schemas:\n    Pet: {$ref: 'components/schemas.yaml#/Pet'}\n")
    cache = RefCache(tmp_path)
    data = bundle(doc, cache, tmp_path)
    assert data["paths"]["/p"]["get"]["schema"] == {"$ref": "#/components/schemas/Pet"}
    pet = data["components"]["schemas"]["Pet"]
    assert pet["properties"]["owner"] == {"type": "string"}  # the fragment's local ref
    # a cycle closing in the fragment keeps its ref, named from the bundled document
    assert pet["properties"]["next"] == {"$ref": "components/schemas.yaml#/Pet"}
    written, where = origin(doc, ("components", "schemas", "Pet", "properties", "owner"),
                            cache, tmp_path, bundled=True)
    assert (written.file, where) == ("components/schemas.yaml", ("Owner",))
    # a local ref of the bundled document is a place of its own, not its target
    written, where = origin(doc, ("paths", "/p", "get", "schema"), cache, tmp_path,
                            bundled=True)
    assert (written.file, where) == ("openapi.yaml", ("paths", "/p", "get", "schema"))


def test_a_symlink_out_of_the_root_and_non_regular_files_are_not_read(
        tmp_path: Path) -> None:
    import os

    root = tmp_path / "repo"
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.env").write_text("TOKEN: hunter2\n")
    root.mkdir()
    os.symlink("../outside/secret.env", root / "leak.yaml")
    os.mkdir(root / "dir.yaml")
    doc = _doc(root, "api.yaml", "a: {$ref: 'leak.yaml#/TOKEN'}\nb: {$ref: 'dir.yaml'}\n")
    data, findings = resolve(doc, RefCache(root), root)
    assert [(f.rule, f.path) for f in findings] == [("ref-forbidden", ("a",)),
                                                    ("ref-unresolved", ("b",))]
    assert data["a"] == {"$ref": "leak.yaml#/TOKEN"}
    assert "hunter2" not in " ".join(f.message for f in findings)
    assert "not a regular file" in findings[1].message


def test_origins_answers_as_origin_for_every_path(tmp_path: Path) -> None:
    """``Origins`` (a trie of walked prefixes, for the many paths a resolved document's
    functions report) gives :func:`origin`'s answer for every path of the resolved and the
    bundled tree, and for paths that do not exist: file refs, chains, cycles, int keys."""
    from govlint.documents.refs import Origins, bundle, lookup

    _doc(tmp_path, "lib.yaml", "Pet:\n  properties:\n    owner: {$ref: '#/Owner'}\n"
         "    next: {$ref: '#/Pet'}\n    tags: {items: {$ref: '#/Tag'}}\nOwner: {type: string}\n"
         "Tag: {$ref: '#/Chain'}\nChain: {type: string, enum: [a, b]}\n")
    doc = _doc(tmp_path, "api.yaml",
               "paths:\n  /p:\n    get:\n      responses:\n        200: {$ref: '#/r/ok'}\n"
               "      schema: {$ref: '#/components/schemas/Pet'}\n"
               "r:\n  ok: {description: ok, schema: {$ref: 'lib.yaml#/Pet'}}\n"
               "loop: {$ref: '#/loop'}\nother: {$ref: '#/missing'}\n"
               "components:\n  schemas:\n    Pet: {$ref: 'lib.yaml#/Pet'}\n")
    cache = RefCache(tmp_path)
    resolver = lookup(cache, tmp_path)

    def paths(node: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        out = [prefix, (*prefix, "nowhere"), (*prefix, "nowhere", "deeper")]
        if isinstance(node, dict):
            for key, value in node.items():
                out += paths(value, (*prefix, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                out += [*paths(value, (*prefix, index)), (*prefix, str(index))]
        return out

    for bundled, tree in ((False, resolve(doc, cache, tmp_path)[0]),
                          (True, bundle(doc, cache, tmp_path))):
        origins = Origins(doc, resolver, bundled)
        every = paths(tree)
        assert len(every) > 60
        for path in every + every[::-1]:  # (and again, from the trie)
            expected = origin(doc, path, resolver=resolver, bundled=bundled)
            found = origins.origin(path)
            assert (found[0].file, found[1]) == (expected[0].file, expected[1]), path
