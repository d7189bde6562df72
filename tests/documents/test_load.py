"""govlint.documents.load: every file becomes documents or findings, never an exception."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from govlint.config import Config
from govlint.documents.load import load_file
from govlint.documents.model import LoadedFile
from govlint.findings.model import Severity


def _load(tmp_path: Path, name: str, content: str | bytes) -> LoadedFile:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return load_file(path, tmp_path, Config(root=tmp_path))


def _only_finding(loaded: LoadedFile, rule: str = "parse-error"):
    assert [f.rule for f in loaded.findings] == [rule], loaded.findings
    finding = loaded.findings[0]
    assert finding.severity is Severity.ERROR
    assert finding.file == loaded.file
    return finding


# ------------------------------------------------------------------ clean input


def test_json_yaml_properties_load_with_syntax_format(tmp_path: Path) -> None:
    j = _load(tmp_path, "a.json", '{"x": [1, 2.5, true, null, "s"]}')
    y = _load(tmp_path, "b.yaml", "x: [1, 2.5, true, null, s]\n")
    assert j.documents[0].data == y.documents[0].data == {"x": [1, 2.5, True, None, "s"]}
    assert j.documents[0].syntax == "json" and "json" in j.documents[0].formats
    assert y.documents[0].syntax == "yaml" and "yaml" in y.documents[0].formats
    assert j.findings == y.findings == []
    assert j.documents[0].index is None


def test_yaml_uses_the_1_2_core_schema(tmp_path: Path) -> None:
    data = _load(tmp_path, "a.yaml", "a: yes\nb: on\nc: 0o17\nd: 2020-01-01\ne: ~\n"
                 ).documents[0].data
    assert data == {"a": "yes", "b": "on", "c": 15, "d": "2020-01-01", "e": None}


def test_json_with_leading_comment_keeps_line_numbers(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "sentinel/FlowRule.json",
                   '/*\n * Sentinel flow rules\n */\n[\n  {"resource": "GET:/x", "count": 5}\n]\n')
    assert loaded.findings == []
    doc = loaded.documents[0]
    assert doc.data == [{"resource": "GET:/x", "count": 5}]
    assert doc.locate((0, "count")).line == 5
    assert "service-config:sentinel" in doc.formats


def test_empty_files_lint_cleanly(tmp_path: Path) -> None:
    for name in ("e.json", "e.yaml", "e.properties", "blank.yaml"):
        loaded = _load(tmp_path, name, "" if name != "blank.yaml" else "\n  \n# only\n")
        assert loaded.findings == []
        assert loaded.documents == [] or loaded.documents[0].data is None


def test_multi_document_yaml_indexes_documents(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "m.yaml", "# head\na: 1\n---\nb: 2\n---\nc: 3\n")
    assert [(d.index, d.data) for d in loaded.documents] == [
        (0, {"a": 1}), (1, {"b": 2}), (2, {"c": 3})]
    assert loaded.documents[2].locate(("c",)).line == 6


def test_properties(tmp_path: Path) -> None:
    text = ("# comment\n! also a comment\nserver.port=8080\nname : demo\nspaced value\n"
            "long=a,\\\n    b\nesc=\\u0041\\tB\\=\n")
    loaded = _load(tmp_path, "conf/application.properties", text)
    doc = loaded.documents[0]
    assert doc.data == {"server.port": "8080", "name": "demo", "spaced": "value",
                        "long": "a,b", "esc": "A\tB="}
    assert doc.locate(("name",)).line == 4
    # any .properties file is not a Nacos data id: only fallback ones are (test_kinds.py)
    assert doc.formats == {"properties"} and doc.kind == "generic"


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("bad.json", '{\n  "a": 1,\n  "b": \n}\n', 4),
        ("bad.yaml", "a: [1, 2\nb: 3\n", 2),
        ("tab.yaml", "a:\n\t- b\n", 2),
    ],
)
def test_invalid_syntax_is_a_parse_error_with_position(
    tmp_path: Path, name: str, content: str, line: int
) -> None:
    loaded = _load(tmp_path, name, content)
    finding = _only_finding(loaded)
    assert finding.line == line and finding.column >= 1
    assert loaded.documents == []


def test_duplicate_keys_are_reported_and_last_one_wins(tmp_path: Path) -> None:
    j = _load(tmp_path, "d.json", '{"a": 1, "b": {"c": 1,\n "c": 2}, "a": 3}')
    assert sorted((f.rule, f.path, f.line) for f in j.findings) == [
        ("duplicate-key", ("a",), 2), ("duplicate-key", ("b", "c"), 2)]
    assert j.documents[0].data == {"a": 3, "b": {"c": 2}}
    y = _load(tmp_path, "d.yaml", "a: 1\nb:\n  c: 1\n  c: 2\n")
    finding = _only_finding(y, "duplicate-key")
    assert (finding.path, finding.line, finding.column) == (("b", "c"), 4, 3)
    assert y.documents[0].data == {"a": 1, "b": {"c": 2}}
    p = _load(tmp_path, "d.properties", "a=1\na=2\n")
    assert _only_finding(p, "duplicate-key").line == 2
    assert p.documents[0].data == {"a": "2"}


def _big_yaml(tail: str) -> str:
    """Over 256 KiB (the duplicate-key lint then runs in a thread beside the parse), with
    ``tail`` appended under the last mapping."""
    body = "".join(f"k{i}:\n  name: item {i}\n  text: '{'x' * 60}'\n" for i in range(3000))
    assert len(body) > 256 * 1024
    return body + "last:\n" + tail


def test_large_yaml_duplicate_key_and_syntax_error_are_found(tmp_path: Path) -> None:
    lines = _big_yaml("").count("\n")
    dup = _load(tmp_path, "dup.yaml", _big_yaml("  a: 1\n  a: 2\n"))
    finding = _only_finding(dup, "duplicate-key")
    assert (finding.path, finding.line, finding.column) == (("last", "a"), lines + 2, 3)
    assert dup.documents[0].data["last"] == {"a": 2}
    broken = _load(tmp_path, "broken.yaml", _big_yaml("  a: [1,\n"))
    assert _only_finding(broken).line >= lines
    assert broken.documents == []
    clean = _load(tmp_path, "clean.yaml", _big_yaml("  a: 1\n"))
    assert clean.findings == [] and clean.documents[0].data["last"] == {"a": 1}


@pytest.mark.parametrize(("content", "may_alias"), [
    ("a: &x [1]\nb: *x\n", True),
    ("a: &x [1]\nb: [*x]\n", True),
    ("a: 'see **bold** and https://h/?p=1&q=2'\nb: &x 1\n", False),  # no alias names x
    ("a: &x 1\nb: '*y'\nc: 2*x\n", False),
    ("a: '*x'\n", False),
])
def test_documents_that_may_share_nodes_are_marked(
    tmp_path: Path, content: str, may_alias: bool
) -> None:
    (document,) = _load(tmp_path, "a.yaml", content).documents
    assert document.may_alias is may_alias


def test_non_utf8_and_binary(tmp_path: Path) -> None:
    bad = _load(tmp_path, "latin.yaml", b"name: caf\xe9\n")
    finding = _only_finding(bad)
    assert "UTF-8" in finding.message and (finding.line, finding.column) == (1, 10)
    assert "UTF-8" in _only_finding(_load(tmp_path, "latin.json", b'{"a": "\xff"}')).message
    binary = _load(tmp_path, "image.json", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    assert "binary" in _only_finding(binary).message


def test_multi_document_file_with_one_broken_document(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "m.yaml", "a: 1\n---\nb: [1,\n---\nc: 3\n")
    assert [(d.index, d.data) for d in loaded.documents] == [(0, {"a": 1}), (2, {"c": 3})]
    finding = _only_finding(loaded)
    assert finding.document == 1 and finding.line in (3, 4)


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    started = time.perf_counter()
    loaded = _load(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 10
    assert "alias" in _only_finding(loaded).message.lower()
    assert loaded.documents == []


@pytest.mark.parametrize(("name", "content"), [
    ("deep.json", "[" * 100_000 + "]" * 100_000),
    ("deep.yaml", "[" * 100_000 + "]" * 100_000),
    ("deepmap.yaml", "{a: " * 100_000 + "}" * 100_000),
])
def test_absurd_nesting_is_a_finding_not_a_crash(tmp_path: Path, name: str, content: str
                                                 ) -> None:
    loaded = _load(tmp_path, name, content)
    assert "deep" in _only_finding(loaded).message.lower() or "nesting" in (
        loaded.findings[0].message.lower())


def test_yaml_deep_nesting_on_the_pyyaml_path_does_not_crash(tmp_path: Path) -> None:
    """A duplicate key sends the file to PyYAML, whose C composer would crash when deep."""
    from govlint.documents.yamlload import Chunk, load_chunk

    _data, problems = load_chunk(Chunk("[" * 50_000 + "]" * 50_000, 1))
    assert [p.rule for p in problems] == ["parse-error"]


def test_huge_string_loads_in_bounded_time(tmp_path: Path) -> None:
    big = "x" * 20_000_000
    started = time.perf_counter()
    j = _load(tmp_path, "big.json", '{"s": "' + big + '"}')
    y = _load(tmp_path, "big.yaml", "s: " + big + "\n")
    assert time.perf_counter() - started < 20
    assert len(j.documents[0].data["s"]) == len(y.documents[0].data["s"]) == len(big)
    assert j.documents[0].locate(("s",)).line == 1


def test_python_and_unknown_tags_never_construct_objects(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "t.yaml", 'a: !!python/object/apply:os.system ["echo hi"]\n'
                   "b: !Ref thing\nc: !!binary aGk=\n")
    assert loaded.documents[0].data == {"a": ["echo hi"], "b": "thing", "c": "aGk="}
    # the same tags through the PyYAML path (a duplicate key forces it)
    loaded = _load(tmp_path, "t2.yaml", 'a: !!python/object/apply:os.system ["echo hi"]\n'
                   "b: !Ref thing\nb: !Ref other\n")
    assert loaded.documents[0].data == {"a": ["echo hi"], "b": "other"}


def test_complex_keys_load_as_their_json_text(tmp_path: Path) -> None:
    """Templated manifests (``{{args.x}}``) are valid YAML with a mapping as a key."""
    loaded = _load(tmp_path, "tpl.yaml", "annotations:\n  inject: {{args.enabled}}\n")
    assert loaded.findings == []
    assert loaded.documents[0].data == {
        "annotations": {"inject": {'{"args.enabled":null}': None}}}


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    files = {"good.yaml": "a: 1\n", "bad.json": "{", "bin.yaml": b"\0\0\0",
             "also-good.json": '{"b": 2}', "bad.yaml": "a: [\n"}
    results = {name: _load(tmp_path, name, content) for name, content in files.items()}
    assert results["good.yaml"].documents[0].data == {"a": 1}
    assert results["also-good.json"].documents[0].data == {"b": 2}
    assert all(results[n].findings for n in ("bad.json", "bin.yaml", "bad.yaml"))


def test_unreadable_path_is_a_finding(tmp_path: Path) -> None:
    loaded = load_file(tmp_path / "missing.yaml", tmp_path, Config(root=tmp_path))
    assert "cannot read" in _only_finding(loaded).message


# ------------------------------------------------------------------ kinds and positions


def test_kinds_and_formats(tmp_path: Path) -> None:
    def formats(name: str, content: str) -> tuple[str, list[str]]:
        doc = _load(tmp_path, name, content).documents[0]
        return doc.kind, sorted(doc.formats)

    assert formats("s.json", '{"swagger": "2.0"}') == ("openapi", ["json", "oas2"])
    assert formats("o.yaml", "openapi: 3.0.3\n") == ("openapi", ["oas3", "oas3_0", "yaml"])
    assert formats("o1.yaml", "openapi: 3.1.0\n") == ("openapi", ["oas3", "oas3_1", "yaml"])
    assert formats("o2.yaml", "openapi: 3.2.0\n") == ("openapi", ["oas3", "oas3_2", "yaml"])
    assert formats("k.yaml", "apiVersion: v1\nkind: Service\n") == (
        "k8s", ["k8s", "k8s:Service", "yaml"])
    assert formats("svc/service.yaml", "service: {name: x}\n") == (
        "service-config", ["service-config", "service-config:governance", "yaml"])
    assert formats("g.yaml", "name: x\n") == ("generic", ["yaml"])


def test_locate_points_at_key_and_falls_back_to_nearest_ancestor(tmp_path: Path) -> None:
    y = _load(tmp_path, "p.yaml", "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      x: 1\n"
              ).documents[0]
    span = y.locate(("paths", "/a", "get"))
    assert (span.line, span.column) == (4, 5)
    assert y.locate(("paths", "/a", "get", "missing", "deeper")).line == 4
    j = _load(tmp_path, "p.json", '{\n  "paths": {\n    "/a": {\n      "get": {"x": [10, 20]}\n'
              "    }\n  }\n}\n").documents[0]
    span = j.locate(("paths", "/a", "get"))
    assert (span.line, span.column) == (4, 7)
    span = j.locate(("paths", "/a", "get", "x", 1))
    assert (span.line, span.column, span.end_column) == (4, 25, 27)  # the "20"
    assert j.locate(("paths", "/nope")).line == 2


def test_positions_are_not_computed_on_a_clean_load(tmp_path: Path) -> None:
    doc = _load(tmp_path, "lazy.json", '{"a": {"b": 1}}').documents[0]
    assert doc.locator is not None and doc.locator.index is None  # type: ignore[attr-defined]
    doc.locate(("a", "b"))
    assert doc.locator.index is not None  # type: ignore[attr-defined]
