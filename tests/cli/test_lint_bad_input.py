"""Issue 2 §5: bad input gets a clear finding on that file, in bounded time and memory,
and every other file of the same run is still linted and reported. Never a traceback."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

RULESET = """
rules:
  info-title:
    description: info.title is set
    message: "{{error}}"
    given: $.info
    then: {field: title, function: truthy}
"""

SPEC_WITHOUT_TITLE = 'openapi: "3.0.3"\ninfo: {version: "1"}\npaths: {}\n'


def make_project(root: Path) -> None:
    (root / "ruleset.yaml").write_text(RULESET)
    files: dict[str, bytes | str] = {
        "good.yaml": SPEC_WITHOUT_TITLE,
        "invalid.yaml": "openapi: 3.0.3\ninfo: [unclosed\n",
        "invalid.json": '{"openapi": "3.0.3", "info": }',
        "duplicate.yaml": 'openapi: "3.0.3"\ninfo: {version: "1"}\ninfo: {title: x}\n',
        "latin1.yaml": "openapi: 3.0.3\ninfo: {title: caf\xe9}\n".encode("latin-1"),
        "binary.json": bytes(range(256)) * 64,
        "empty.yaml": "",
        "bomb.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, "
            f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
            f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9)),
        "deep.json": "[" * 100_000 + "]" * 100_000,
        "deep.yaml": "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
        # deeper than orjson writes (255) but within what it reads (1024): linted
        "deep300.json": '{"openapi": "3.0.3", "info": {"version": "1"}, "x": '
                        + '{"a": ' * 300 + "1" + "}" * 300 + "}",
        "bigstring.yaml": 'openapi: "3.0.3"\ninfo: {version: "1", title: "'
                          + "x" * 20_000_000 + '"}\npaths: {}\n',
        "circular.yaml": 'openapi: "3.0.3"\ninfo: {title: t, version: "1"}\npaths: {}\n'
                         "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n"
                         "    B: {$ref: '#/components/schemas/A'}\n",
        "escape.yaml": 'openapi: "3.0.3"\ninfo: {title: t, version: "1"}\npaths: {}\n'
                       "components:\n  schemas:\n    A: {$ref: '../../../etc/passwd#/x'}\n",
        "remote.yaml": 'openapi: "3.0.3"\ninfo: {title: t, version: "1"}\npaths: {}\n'
                       "components:\n  schemas:\n    A: {$ref: 'https://example.com/s.yaml'}\n",
        "missing-ref.yaml": 'openapi: "3.0.3"\ninfo: {title: t, version: "1"}\npaths: {}\n'
                            "components:\n  schemas:\n    A: {$ref: '#/components/schemas/Z'}\n",
        "multi.yaml": SPEC_WITHOUT_TITLE + "---\nbroken: [\n---\n" + SPEC_WITHOUT_TITLE,
    }
    for name, content in files.items():
        path = root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def test_every_bad_file_gets_a_finding_and_nothing_is_lost(tmp_path: Path) -> None:
    make_project(tmp_path)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "govlint", "lint", ".", "-r", "ruleset.yaml", "-f", "json",
         "-j", "1"],
        cwd=tmp_path, capture_output=True, text=True, timeout=240,
    )
    elapsed = time.monotonic() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    by_file: dict[str, set[str]] = {}
    for r in report["results"]:
        by_file.setdefault(r["file"], set()).add(r["rule"])
        assert r["line"] >= 1 and r["column"] >= 1

    assert by_file["good.yaml"] == {"info-title"}
    assert by_file["deep300.json"] == {"info-title"}
    for name in ("invalid.yaml", "invalid.json", "latin1.yaml", "binary.json",
                 "deep.json", "deep.yaml", "bomb.yaml"):
        assert "parse-error" in by_file.get(name, set()), (name, by_file.get(name))
    assert "duplicate-key" in by_file["duplicate.yaml"]
    assert "ref-forbidden" in by_file["escape.yaml"]
    assert "ref-remote" in by_file["remote.yaml"]
    assert "ref-unresolved" in by_file["missing-ref.yaml"]
    assert "empty.yaml" not in by_file and "empty.yaml" in report["files"]
    assert "bigstring.yaml" not in by_file
    assert by_file["circular.yaml"] == {"ref-unresolved"}  # A -> B -> A: a loop with no value
    multi = [(r["rule"], r.get("document")) for r in report["results"]
             if r["file"] == "multi.yaml"]
    assert ("parse-error", 1) in multi
    assert ("info-title", 0) in multi and ("info-title", 2) in multi
    assert sorted(report["files"]) == sorted(p.name for p in tmp_path.iterdir())
    assert elapsed < 120, f"bad input took {elapsed:.1f} s"
    assert max(peak_kb, before) < 1_500_000, f"peak RSS {peak_kb} KB"
