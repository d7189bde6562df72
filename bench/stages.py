"""Where one govlint run spends its time, stage by stage, in one process.

Runs the same stages as ``govlint lint FILE --ruleset R`` (ruleset load, file load, the
unresolved walk, ``$ref`` resolution, the resolved walk, source positions, report) and prints
the best CPU time and wall time of each over ``--repeat`` runs, so a fix can be aimed at the
stage that costs. CPU time (``time.process_time``) is what to compare on a shared machine;
the load average is printed with the figures.

Usage: python bench/stages.py [FILE] [--ruleset R] [--repeat 3] [--positions-only]
FILE defaults to the cached GitHub spec (bench/fetch_corpus.py). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import RULESET
from fetch_corpus import ensure_corpus


class Clock:
    """Best CPU and wall seconds per stage name over several runs."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.wall: dict[str, float] = {}

    def time(self, name: str, fn: Callable[[], Any]) -> Any:
        c0, w0 = time.process_time(), time.perf_counter()
        result = fn()
        c, w = time.process_time() - c0, time.perf_counter() - w0
        self.cpu[name] = min(self.cpu.get(name, c), c)
        self.wall[name] = min(self.wall.get(name, w), w)
        return result

    def print(self) -> None:
        print(f"{'stage':32s} {'cpu':>9s} {'wall':>9s}")
        for name in self.cpu:
            print(f"{name:32s} {self.cpu[name] * 1000:7.0f} ms {self.wall[name] * 1000:7.0f} ms")


def run_stages(path: Path, ruleset: Path, clock: Clock) -> int:
    """One in-process lint of ``path``, each stage timed; returns the number of findings."""
    from govlint.config import Config
    from govlint.documents.load import load_file
    from govlint.documents.model import Workspace
    from govlint.documents.refs import RefCache
    from govlint.findings.fingerprint import assign
    from govlint.reports.json_format import dumps
    from govlint.reports.model import Report, sort_findings
    from govlint.rules import engine as engine_mod
    from govlint.rules.ruleset import load_ruleset

    root = path.parent
    config = Config(root=root)
    from govlint.rules import jsonpath

    jsonpath._compile_cached.cache_clear()
    # the bench ruleset lives in the repository, not beside the spec: named as on a command line
    rules = clock.time("ruleset load", lambda: load_ruleset([str(ruleset)], base_dir=root,
                                                            trusted=[str(ruleset)]))
    loaded = clock.time("load_file", lambda: load_file(path, root, config))
    cache = RefCache(root, config)
    cache.add(loaded)
    engine = engine_mod.Engine(rules, engine_mod.RefContext(cache, root))
    workspace = Workspace(loaded.documents)
    findings = list(loaded.findings)
    for doc in loaded.documents:
        findings.extend(_run_document(engine, doc, workspace, clock))

    def report() -> str:
        ordered = sort_findings(findings)
        assign(ordered)
        return dumps(Report(results=ordered, files=[loaded.file]).to_json())

    clock.time("sort+fingerprint+json", report)
    return len(findings)


def _run_document(engine: Any, doc: Any, workspace: Any, clock: Clock) -> list[Any]:
    """engine.run_document, stage by stage (the same calls in the same order)."""
    from govlint.rules import engine as engine_mod

    plan = clock.time("plan (compile queries)", lambda: engine._plan(doc.formats))
    sink = engine_mod._Sink(engine, doc, workspace)
    locate = doc.locator or doc.locate
    spent = [0.0, 0.0]

    def timed_locate(p: Any) -> Any:
        c0, w0 = time.process_time(), time.perf_counter()
        try:
            return locate(p)
        finally:
            spent[0] += time.process_time() - c0
            spent[1] += time.perf_counter() - w0

    doc.locator = timed_locate
    if plan.unresolved is not None:
        clock.time("walk+functions (unresolved)",
                   lambda: engine._walk(plan.unresolved, doc.data, sink, set(),
                                        skip_shared=False))
        clock.time("  of which: matcher (unresolved)",
                   lambda: plan.unresolved.matcher.matches(doc.data))
    split: Any = frozenset()
    if plan.resolved or doc.kind == "openapi":  # as run_document: OpenAPI refs always checked
        data, ref_findings, split = clock.time("resolve $ref", lambda: engine._resolve(doc))
        sink.findings.extend(ref_findings)
        sink.resolved_data = data
        skip = not doc.may_alias

        def walk_resolved() -> None:
            for queries in plan.resolved:  # shared-target-safe matcher, then the others
                engine._walk(queries, data, sink, set(), skip_shared=skip)

        clock.time("walk+functions (resolved)", walk_resolved)
        clock.time("  of which: matcher only",
                   lambda: [q.matcher.matches(data, skip_shared=skip) for q in plan.resolved])
    if plan.bundled is not None:  # governance rules: a split spec's bundle, else the data
        bundle = clock.time("bundle (split specs)",
                            lambda: engine._bundle(doc) if split else doc.data)
        sink.bundle_data = bundle
        clock.time("walk+functions (bundled)",
                   lambda: engine._walk(plan.bundled, bundle, sink, set(), skip_shared=False))
    key = "  of which: locate"
    clock.cpu[key] = min(clock.cpu.get(key, spent[0]), spent[0])
    clock.wall[key] = min(clock.wall.get(key, spent[1]), spent[1])
    doc.locator = locate
    return sink.findings


def positions(path: Path, sample: int, clock: Clock) -> None:
    """Locate ``sample`` distinct paths drawn uniformly from every node of the document."""
    from govlint.config import Config
    from govlint.documents.load import load_file

    loaded = load_file(path, path.parent, Config(root=path.parent))
    doc = loaded.documents[0]
    every: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(doc.data, ())]
    while stack:
        node, p = stack.pop()
        every.append(p)
        if isinstance(node, dict):
            stack.extend((v, (*p, k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, (*p, i)) for i, v in enumerate(node))
    random.seed(1)
    chosen = random.sample(every, min(sample, len(every)))
    # a fresh locator each run: the first locate builds the index
    fresh = load_file(path, path.parent, Config(root=path.parent)).documents[0]
    clock.time(f"locate {len(chosen)} uniform paths", lambda: [fresh.locate(p) for p in chosen])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--ruleset", type=Path, default=RULESET)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--positions-only", action="store_true",
                        help="only time locating a uniform sample of paths")
    parser.add_argument("--sample", type=int, default=18000)
    args = parser.parse_args(argv)
    path = (args.file or ensure_corpus().github_json).resolve()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; python "
          f"{sys.version.split()[0]}; {path.name} ({path.stat().st_size / 1e6:.1f} MB)")
    from govlint.memory import collector_paused

    clock = Clock()
    count = 0
    for _ in range(args.repeat):
        gc.collect()
        with collector_paused():  # as the CLI runs (govlint.memory)
            if args.positions_only:
                positions(path, args.sample, clock)
            else:
                count = run_stages(path, args.ruleset, clock)
    clock.print()
    if not args.positions_only:
        print(f"findings: {count}")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
