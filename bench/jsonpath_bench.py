"""Time one ``Matcher`` walk over ~40 typical Spectral queries on a large OpenAPI document.

Uses GitHub's REST description from the bench cache (``python bench/fetch_corpus.py``)
when it is there, else a synthetic OpenAPI-like document of about 250k nodes.

    python bench/jsonpath_bench.py [--synthetic] [--repeat N] [--profile]

Target: the walk (not parsing) under 0.4 s on the GitHub spec. Measured on the 2-core
dev box (busy): first walk 0.30 s CPU, later walks 0.25 s (transitions cached), for
~101k matches of the 42 queries below over 258k nodes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "linter"))

from govlint.rules.jsonpath import Matcher, compile_path

# Spectral's oas ruleset (aliases expanded) plus typical governance queries, verbatim.
OPERATIONS = "$.paths[*][get,put,post,delete,options,head,patch,trace]"
QUERIES = [
    "$",
    "$.info",
    "$.info.contact",
    "$.info.license",
    "$.info.description",
    "$.servers[*]",
    "$.servers[*].url",
    "$.tags",
    "$.tags[*]",
    "$.paths",
    "$.paths[*]~",
    "$.paths[*]",
    "$.paths[*][*]",
    OPERATIONS,
    OPERATIONS + ".parameters",
    OPERATIONS + ".parameters[?(@ && @.in)]",
    OPERATIONS + ".security[*]",
    OPERATIONS + ".responses[*]",
    OPERATIONS + ".callbacks[*][*][*].callbacks",
    "$.paths[*].parameters[?(@ && @.in)]",
    "$.paths[*][*].responses[?(@property >= 400)]",
    "$.paths[*][*].responses[?(@property >= 200 && @property < 300)].content[*]",
    "$.paths[*][*]..content[*].examples[*]",
    "$.paths[*][*]..parameters[*].examples[*]",
    "$.paths[*][*]..headers[*].examples[*]",
    "$.components.examples[*]",
    "$.components.parameters[?(@ && @.in)]",
    "$.components.schemas[*]..properties[*]~",
    "$.security[*]",
    "$..[description,title]",
    "$..parameters[*]",
    "$..[?(@property === '$ref')]",
    "$..[?(@ && @.enum && @.type)]",
    '$..[?(@ && @.type=="array")]',
    '$..[?(@ && @.type && @.type.constructor.name === "Array" && @.type.includes("array"))]',
    "$..[?(@property !== 'properties' && @ != null && @.enum && "
    "@.enum.constructor.name === 'Array')]",
    "$..content..[?(@ && @.schema && (@.example !== void 0 || @.examples))]",
    "$..parameters..[?(@ && @.schema && (@.example !== void 0 || @.examples))]",
    "$.components.schemas..[?(@property !== 'properties' && @ && (@ && @.example !== void 0 "
    "|| @.default !== void 0) && (@.enum || @.type || @.format || @.$ref || @.properties "
    "|| @.items))]",
    "$..content..[?(@property !== 'properties' && @ && (@ && @.example !== void 0 "
    "|| @.default !== void 0) && (@.enum || @.type || @.format || @.$ref || @.properties "
    "|| @.items))]",
    "$..[?(@ && @.xml)].xml",
    "$..[?(@property.match(/^x-/i))]~",
]


def _count(node: Any) -> int:
    stack, count = [node], 0
    while stack:
        current = stack.pop()
        count += 1
        if type(current) is dict:
            stack.extend(current.values())
        elif type(current) is list:
            stack.extend(current)
    return count


def synthetic(paths: int = 700) -> dict[str, Any]:
    """An OpenAPI-like document: ``paths`` operations with parameters, responses and
    schemas, plus ``components.schemas`` with nested properties."""

    def schema(depth: int, seed: int) -> dict[str, Any]:
        if depth == 0:
            return {"type": "string", "description": f"field {seed}", "example": "x"}
        return {
            "type": "object",
            "description": f"object {seed}",
            "required": ["id", "name"],
            "properties": {
                f"prop{i}": schema(depth - 1, seed * 7 + i)
                if i % 3 == 0
                else {"type": ["string", "integer", "boolean"][i % 3], "enum": ["a", "b"]}
                if i == 4
                else {"type": "integer", "format": "int64", "description": "n"}
                for i in range(6)
            },
        }

    doc: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1.0.0", "contact": {"name": "x"}},
        "servers": [{"url": "https://api.example.com"}],
        "tags": [{"name": f"tag{i}", "description": "t"} for i in range(30)],
        "paths": {},
        "components": {"schemas": {}, "parameters": {}, "responses": {}},
    }
    for p in range(paths):
        item: dict[str, Any] = {}
        for method in ("get", "post", "delete"):
            item[method] = {
                "operationId": f"{method}{p}",
                "summary": f"{method} thing {p}",
                "description": "Does a thing.",
                "tags": [f"tag{p % 30}"],
                "x-github": {"category": "repos", "enabledForGitHubApps": True},
                "parameters": [
                    {"name": "owner", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "per_page", "in": "query", "schema": {"type": "integer"}},
                    {"$ref": "#/components/parameters/page"},
                ],
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": schema(2, p),
                                "examples": {"default": {"value": {"id": 1}}},
                            }
                        },
                    },
                    "404": {"$ref": "#/components/responses/not_found"},
                },
            }
        doc["paths"][f"/things/{p}/{{id}}"] = item
    for s in range(300):
        doc["components"]["schemas"][f"schema{s}"] = schema(3, s)
    return doc


def load_document(force_synthetic: bool) -> tuple[str, Any]:
    cache = Path(os.environ.get("GOVLINT_BENCH_CACHE", Path.home() / ".cache" / "govlint-bench"))
    github = cache / "api.github.com.json"
    if github.exists() and not force_synthetic:
        return f"GitHub REST spec ({github})", json.loads(github.read_bytes())
    return "synthetic OpenAPI document", synthetic()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", action="store_true", help="ignore the GitHub spec")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    name, data = load_document(args.synthetic)
    started = time.perf_counter()
    queries = [compile_path(q) for q in QUERIES]
    compiled = time.perf_counter() - started
    print(f"document: {name}, {_count(data):,} nodes")
    print(f"{len(queries)} queries compiled in {compiled * 1000:.1f} ms")

    if args.profile:
        import cProfile
        import pstats

        matcher = Matcher(queries)
        cProfile.runctx("matcher.matches(data)", globals(), locals(), "/tmp/jsonpath.prof")
        pstats.Stats("/tmp/jsonpath.prof").sort_stats("tottime").print_stats(15)
        return 0

    matcher = Matcher(queries)
    timings = []  # CPU time: the figure that does not depend on what else the box runs
    matches: list[Any] = []
    for _ in range(args.repeat):
        started = time.process_time()
        matches = matcher.matches(data)
        timings.append(time.process_time() - started)
    per_query = [0] * len(queries)
    for index, _path, _value in matches:
        per_query[index] += 1
    print(f"{len(matches):,} matches")
    print(f"first walk (cold DFA): {timings[0]:.3f} s CPU")
    best = min(timings[1:] or timings)
    print(f"warm walk: best {best:.3f} s CPU over {len(timings) - 1} runs")
    for query, count in sorted(zip(QUERIES, per_query, strict=True), key=lambda x: -x[1])[:8]:
        print(f"  {count:>8,}  {query}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
