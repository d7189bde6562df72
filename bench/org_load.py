"""Organisation-scale load test (issue 14), against a throwaway PostgreSQL cluster started
the way the tests start theirs (tests/pgserver.py; needs Debian's postgresql and psycopg):

1. **Concurrent writers**: 50 processes record 20 snapshots each at once through
   ``history.record`` (every 5th job is then retried: same pipeline and job name, a new job
   id, a different result), then checks that no snapshot is lost or duplicated and that
   every retried job replaced its snapshot.
2. **Dashboard at full size**: an organisation of 300 repositories x 10 services (3,000),
   90 days of daily default-branch snapshots plus a merge-request pipeline per repository
   every 7 days, recorded through the same path (``--writers`` processes), then
   ``govlint dashboard --db URL -o SITE`` timed (budget 30 s) and the site's size reported.

    python bench/org_load.py                       # both parts, full size
    python bench/org_load.py --part writers
    python bench/org_load.py --repos 30 --days 10  # a quick run

Prints the figures recorded in docs/benchmarks.md. Leaves nothing running (the cluster is
stopped and removed at the end, also on Ctrl-C).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from org_data import Job, Recorder, Shape, jobs  # noqa: E402

WRITERS, PER_WRITER, RETRY_EVERY = 50, 20, 5
BUDGET_S = 30.0


def _writer(args: tuple[str, int, mp.synchronize.Barrier]
            ) -> tuple[float, float, list[tuple[int, bool]]]:
    url, writer, barrier = args
    shape = Shape(repos=WRITERS, services=4, teams=10, days=PER_WRITER)
    recorder = Recorder(url, shape)
    mine = [Job(writer, day, day % 5, None, writer * 1000 + day, 1) for day in range(PER_WRITER)]
    for job in mine:  # build the scores before the start line: measure the writes
        recorder.scored(job.repo, job.level)
        recorder.scored(job.repo, (job.level + 1) % 5)
    barrier.wait()
    start = time.time()
    out = []
    for job in mine:
        done = recorder.record(job)
        out.append((done.id, done.replaced))
    for job in mine[::RETRY_EVERY]:  # the retry: a new job id, the next level's result
        retry = Job(job.repo, job.day, (job.level + 1) % 5, None, job.pipeline, 2)
        done = recorder.record(retry, job_id=2)
        out.append((done.id, done.replaced))
    return start, time.time(), out


def concurrent_writers(url: str) -> None:
    import psycopg

    ctx = mp.get_context("fork")
    barrier = ctx.Manager().Barrier(WRITERS)
    with ctx.Pool(WRITERS) as pool:
        timed = pool.map(_writer, [(url, w, barrier) for w in range(WRITERS)])
    wall = max(end for _, end, _ in timed) - min(start for start, _, _ in timed)
    results = [out for _, _, out in timed]
    ids = [sid for out in results for sid, _ in out]
    replaced = sum(flag for out in results for _, flag in out)
    with psycopg.connect(url) as conn:
        total, distinct = conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT (repository, commit_sha, pipeline_id, job_name)) "
            "FROM snapshots").fetchone()
        retried = conn.execute("SELECT COUNT(*) FROM snapshots WHERE job_id = '2'").fetchone()[0]
        orphans = conn.execute(
            "SELECT COUNT(*) FROM (SELECT snapshot_id FROM scores WHERE scope = 'organisation' "
            "AND category = '' GROUP BY snapshot_id HAVING COUNT(*) <> 1) AS x").fetchone()[0]
    expected = WRITERS * PER_WRITER
    retries = WRITERS * len(range(0, PER_WRITER, RETRY_EVERY))
    print(f"writers: {WRITERS} processes x {PER_WRITER} snapshots + {retries} retried jobs "
          f"in {wall:.1f} s ({(expected + retries) / wall:.0f} records/s)")
    print(f"  snapshots {total} (expected {expected}), distinct identities {distinct}, "
          f"retries that replaced {replaced} of {retries}, rows carrying the retry's job id "
          f"{retried}, snapshots without exactly one organisation score row {orphans}")
    ok = (total == expected == distinct and replaced == retries == retried and orphans == 0
          and len(set(ids)) == expected)
    print("  OK: no lost or duplicated snapshot, every retried job replaced its snapshot"
          if ok else "  FAILED")
    if not ok:
        raise SystemExit(1)


def _fill(args: tuple[str, Shape, int, int]) -> int:
    url, shape, index, count = args
    recorder = Recorder(url, shape)
    done = 0
    for job in jobs(shape):
        if job.repo % count == index:
            recorder.record(job)
            done += 1
    return done


def full_size(url: str, shape: Shape, writers: int, site: Path) -> None:
    ctx = mp.get_context("fork")
    started = time.perf_counter()
    with ctx.Pool(writers) as pool:
        counts = pool.map(_fill, [(url, shape, i, writers) for i in range(writers)])
    fill = time.perf_counter() - started
    print(f"organisation: {shape.repos} repositories x {shape.services} services "
          f"({shape.repos * shape.services}), {shape.days} days: {sum(counts)} snapshots "
          f"recorded by {writers} processes in {fill:.0f} s")
    for attempt in (1, 2):
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "govlint", "dashboard", "--db", url,
                               "-o", str(site)], capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            print(proc.stderr)
            raise SystemExit(1)
        files = [p for p in site.rglob("*.html")]
        biggest = max(files, key=lambda p: p.stat().st_size)
        print(f"dashboard (run {attempt}): {wall:.1f} s wall (budget {BUDGET_S:g} s), "
              f"{len(files)} pages, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB, "
              f"index.html {(site / 'index.html').stat().st_size / 1e6:.2f} MB, largest "
              f"{biggest.name} {biggest.stat().st_size / 1e6:.2f} MB"
              + ("" if wall <= BUDGET_S else "  OVER BUDGET"))


def browser_check(site: Path) -> None:
    """Open the index (with a filter) and the largest team page in headless Chromium, as
    the CI test does, and print what the page script measured."""
    import re
    import shutil

    from tests.cli.test_dashboard import CHROMIUM_FLAGS

    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        print("chromium: not installed, browser figures skipped")
        return
    biggest = max((site / "teams").glob("t-*.html"), key=lambda p: p.stat().st_size)
    with tempfile.TemporaryDirectory() as profile:
        for page, fragment in ((site / "index.html", "#filter=team-07"),
                               (biggest, "#filter=svc-0")):
            started = time.perf_counter()
            proc = subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                                   "--dump-dom", page.as_uri() + fragment],
                                  capture_output=True, text=True, timeout=120, check=False)
            wall = time.perf_counter() - started
            body = re.search(r"<body[^>]*data-ready-ms=\"([\d.]+)\"[^>]*>", proc.stdout)
            filt = re.search(r'data-filter-ms="([\d.]+)"', proc.stdout)
            errors = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
            print(f"chromium {page.relative_to(site)}{fragment}: script set-up "
                  f"{body[1] if body else '?'} ms, filter {filt[1] if filt else '?'} ms, "
                  f"{wall:.1f} s for the whole Chromium run, console messages {len(errors)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("all", "writers", "dashboard"), default="all")
    parser.add_argument("--repos", type=int, default=300)
    parser.add_argument("--services", type=int, default=10)
    parser.add_argument("--teams", type=int, default=40)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--writers", type=int, default=4,
                        help="processes recording the full-size organisation")
    parser.add_argument("--site", type=Path, default=None,
                        help="where to write the dashboard (default: a temporary directory)")
    args = parser.parse_args()
    from tests import pgserver

    server = pgserver.start()
    if isinstance(server, str):
        raise SystemExit(f"PostgreSQL unavailable: {server}")
    try:
        if args.part in ("all", "writers"):
            concurrent_writers(server.create_database())
        if args.part in ("all", "dashboard"):
            shape = Shape(repos=args.repos, services=args.services, teams=args.teams,
                          days=args.days)
            site = args.site or Path(tempfile.mkdtemp(prefix="govlint-org-site-"))
            full_size(server.create_database(), shape, args.writers, site)
            browser_check(site)
            print(f"site: {site}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
