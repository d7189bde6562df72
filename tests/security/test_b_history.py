"""Issue 11 §5: crafted history databases (a CI cache anyone with pipeline access can
replace): a zlib bomb, bit flips, recursive views, triggers, wrong column types. Each ends
within seconds with a one-line error naming the database (exit 2) or a normal result,
never a traceback, never gigabytes."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from govlint.cli.main import run as run_main

SPEC = """openapi: 3.0.3
info: {title: Orders, version: "1", contact: {name: team-a}}
paths:
  /orders:
    get:
      summary: List
      responses: {'200': {description: ok}}
"""


def run(cwd: Path, *argv: str) -> int:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return run_main(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real history database with three snapshots recorded by the CLI."""
    root = tmp_path_factory.mktemp("history")
    (root / "openapi.yaml").write_text(SPEC)
    for i in range(3):
        code = run(root, "score", "--record", "--db", "history.sqlite", "--branch", "main",
                   "--commit", f"{i:040x}", "--at", f"2026-01-0{i + 1}T00:00:00Z", ".")
        assert code in (0, 1)
    return root / "history.sqlite"


@pytest.fixture
def db(recorded: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "history.sqlite"
    copy.write_bytes(recorded.read_bytes())
    return copy


def check(db: Path, capfd: pytest.CaptureFixture[str], expect: str | None = None,
          commands: tuple[str, ...] = ("history", "dashboard")) -> None:
    """``history`` and ``dashboard`` on ``db``: exit 0, or 2 with a message naming it
    (``expect``: must be 2 with that text)."""
    capfd.readouterr()
    for argv in (["history", "--db", str(db)],
                 ["dashboard", "--db", str(db), "-o", str(db.parent / "site")]):
        if argv[0] not in commands:
            continue
        start = time.monotonic()
        code = run(db.parent, *argv)
        err = capfd.readouterr().err
        assert time.monotonic() - start < 20, argv
        assert "Traceback" not in err
        assert code in (0, 2), (argv, code, err)
        if code == 2:
            assert str(db) in err or "snapshot" in err, err
            assert len(err.strip().splitlines()) == 1, err
        if expect is not None:
            assert code == 2 and expect in err, (argv, err)


def test_intact_database_reads(db: Path, capfd: pytest.CaptureFixture[str]) -> None:
    capfd.readouterr()
    assert run(db.parent, "history", "--db", str(db)) == 0
    assert "0000000000000002"[:8] in capfd.readouterr().out
    assert run(db.parent, "dashboard", "--db", str(db), "-o", str(db.parent / "site")) == 0
    assert (db.parent / "site" / "index.html").is_file()


def test_zlib_bomb_is_refused_in_bounded_memory(db: Path) -> None:
    """1 GiB of JSON whitespace in ~1 MB of zlib as the newest snapshot's detail."""
    deflate = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    bomb = b"".join(deflate.compress(chunk) for _ in range(1024)) + deflate.flush()
    assert len(bomb) < 2 << 20
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE snapshots SET detail = ?", (bomb,))
    script = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run([sys.executable, '-m', 'govlint', 'dashboard', '--db', sys.argv[1],"
        " '-o', sys.argv[2]], capture_output=True, text=True)\n"
        "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stderr.write(p.stderr)\n")
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", script, str(db), str(db.parent / "site")],
                          capture_output=True, text=True, timeout=120)
    code, peak_kb = (int(x) for x in proc.stdout.split())
    assert time.monotonic() - start < 30
    assert code == 2
    assert "inflates beyond 256 MiB (a zlib bomb?)" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert peak_kb < 700_000, f"{peak_kb} KB"


def test_bit_flips(db: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Flipped bits across the file (header, schema, b-tree pages, payloads): every read is
    a result or a message. Deterministic: a fixed seed."""
    pristine = db.read_bytes()
    rng = random.Random(11)
    positions = [0, 16, 18, 28, 40, 56, 100, 101, 105, 4096, 4096 + 8, 8192 + 3]
    positions += [rng.randrange(len(pristine)) for _ in range(40)]
    for pos in positions:
        flipped = bytearray(pristine)
        flipped[pos] ^= 1 << rng.randrange(8)
        db.write_bytes(bytes(flipped))
        for suffix in ("-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        check(db, capfd)


def test_table_list_that_is_not_utf8(db: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """A flipped bit in the schema table's text (a table name no longer UTF-8) is a message,
    not an internal error."""
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE zqzqzq (a)")
    conn.commit()
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET name = CAST(X'61FFFE62' AS TEXT) "
                 "WHERE name = 'zqzqzq'")
    conn.commit()
    conn.close()
    check(db, capfd, expect="history database")


def test_garbage_detail_and_wrong_types(db: Path, capfd: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE snapshots SET detail = x'deadbeef'")
    check(db, capfd, expect="not a usable govlint history database", commands=("dashboard",))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE snapshots SET detail = ?", (zlib.compress(b"[1, 2]"),))
    check(db, capfd, expect="expected an object", commands=("dashboard",))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE snapshots SET detail = ?", (zlib.compress(b'{"teams": 7}'),))
    code = run(db.parent, "dashboard", "--db", str(db), "-o", str(db.parent / "site"))
    assert code == 2 and "malformed" in capfd.readouterr().err
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE snapshots SET score = 'abc', metrics = '[1'")
    check(db, capfd, expect="not a usable govlint history database")


def test_recursive_view_and_trigger_are_refused(db: Path,
                                                capfd: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TRIGGER t AFTER INSERT ON snapshots BEGIN "
                     "DELETE FROM scores; END")
    check(db, capfd, expect="not a govlint history database (it has trigger 't')")
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER t")
        conn.execute("ALTER TABLE snapshots RENAME TO real_snapshots")
        conn.execute("CREATE VIEW snapshots AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
                     "SELECT x + 1 FROM c) SELECT * FROM real_snapshots, c")
    check(db, capfd, expect="view 'snapshots'")


def test_recording_into_a_crafted_database_is_refused(db: Path,
                                                      capfd: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TRIGGER t AFTER INSERT ON snapshots BEGIN "
                     "DELETE FROM scores; END")
    (db.parent / "openapi.yaml").write_text(SPEC)
    capfd.readouterr()
    code = run(db.parent, "score", "--record", "--db", str(db), ".")
    err = capfd.readouterr().err
    assert code == 2 and "trigger 't'" in err and "Traceback" not in err


def test_default_database_symlinked_out_of_the_root_is_refused(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """A checkout committing .govlint/history.sqlite -> a file elsewhere would make
    `score --record` write that file."""
    root = tmp_path / "repo"
    (root / ".govlint").mkdir(parents=True)
    (root / "openapi.yaml").write_text(SPEC)
    victim = tmp_path / "victim.db"
    victim.write_bytes(b"precious")
    (root / ".govlint" / "history.sqlite").symlink_to(victim)
    for argv in (["score", "--record", "."], ["history"], ["dashboard", "-o", "site"]):
        capfd.readouterr()
        assert run(root, *argv) == 2, argv
        err = capfd.readouterr().err
        assert "resolves outside the project root" in err and "Traceback" not in err
    assert victim.read_bytes() == b"precious"
