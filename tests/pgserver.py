"""A throwaway PostgreSQL cluster for the history tests: ``initdb`` + ``pg_ctl`` from
``pg_config --bindir`` or ``/usr/lib/postgresql/*/bin``, data directory and unix socket in a
temporary directory, started once per test session and stopped at its end. As root the
server runs as the ``postgres`` user (``runuser``), which owns the directory. Every failure
is a reason to skip, never an error."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PASSWORD = "pw-7f3a-not-for-output"  # tests check it never reaches the output
SERVER_OPTIONS = ("-k {socket_dir} -c listen_addresses='' -F -c fsync=off "
                  "-c full_page_writes=off -c max_connections=120")


@dataclass
class Server:
    base: Path
    socket_dir: Path
    bindir: Path
    runas: list[str]
    counter: itertools.count

    def url(self, database: str, user: str = "govlint", password: bool = True) -> str:
        secret = f":{PASSWORD}" if password else ""
        return f"postgresql://{user}{secret}@/{database}?host={self.socket_dir}"

    def create_database(self) -> str:
        """A fresh, empty database owned by the test user; returns its URL. Survives a
        server that is recovering (the OOM killer took a backend of a loaded machine: the
        postmaster restarts them all) or gone (started again on the same data)."""
        import psycopg

        name = f"t{next(self.counter)}"
        deadline = time.monotonic() + 90
        while True:
            try:
                with psycopg.connect(self.url("postgres", "postgres", False), autocommit=True,
                                     connect_timeout=20) as conn:
                    conn.execute(f'CREATE DATABASE "{name}" OWNER govlint')
                return self.url(name)
            except psycopg.errors.DuplicateDatabase:  # created before a lost connection
                return self.url(name)
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                if not self.running():
                    self._start()
                time.sleep(1)

    def running(self) -> bool:
        proc = subprocess.run([*self.runas, str(self.bindir / "pg_ctl"), "-D",
                               str(self.base / "data"), "status"], capture_output=True,
                              timeout=60, check=False)
        return proc.returncode == 0

    def _start(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.runas, str(self.bindir / "pg_ctl"), "-D", str(self.base / "data"), "-l",
             str(self.base / "server.log"), "-w", "-t", "120", "-o", SERVER_OPTIONS.format(
                 socket_dir=self.socket_dir), "start"],
            capture_output=True, text=True, timeout=180, check=False)

    def stop(self) -> None:
        subprocess.run([*self.runas, str(self.bindir / "pg_ctl"), "-D",
                        str(self.base / "data"), "-m", "immediate", "-w", "stop"],
                       capture_output=True, timeout=60, check=False)
        shutil.rmtree(self.base, ignore_errors=True)


def _bindir() -> Path | None:
    found: list[str] = []
    if shutil.which("pg_config"):
        proc = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True,
                              check=False)
        found.append(proc.stdout.strip())
    found += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in found:
        if candidate and (Path(candidate) / "initdb").is_file():
            return Path(candidate)
    return None


def start() -> Server | str:
    """A running server, or the reason there is none."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install '.[postgres]')"
    bindir = _bindir()
    if bindir is None:
        return "no PostgreSQL server binaries (initdb) found: install Debian's postgresql"
    base = Path(tempfile.mkdtemp(prefix="govlint-pg-"))
    runas: list[str] = []
    if os.geteuid() == 0:
        if not shutil.which("runuser"):
            return "running as root without runuser: cannot start PostgreSQL as postgres"
        try:
            shutil.chown(base, "postgres", "postgres")
        except (LookupError, OSError) as exc:
            return f"no postgres user to run the server as: {exc}"
        runas = ["runuser", "-u", "postgres", "--"]
    base.chmod(0o755)
    data, log = base / "data", base / "server.log"
    server = Server(base, base, bindir, runas, itertools.count())
    steps: list[tuple[str, Callable[[], subprocess.CompletedProcess[str]]]] = [
        ("initdb", lambda: subprocess.run(
            [*runas, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
             "--no-sync", "-E", "UTF8", "--locale=C"],
            capture_output=True, text=True, timeout=180, check=False)),
        ("pg_ctl start", server._start),
    ]
    for name, step in steps:
        try:
            proc = step()
        except (OSError, subprocess.SubprocessError) as exc:
            server.stop()
            return f"{name} failed: {exc}"
        if proc.returncode != 0:
            detail = " ".join((proc.stderr or proc.stdout).strip().splitlines()[-3:])
            if log.exists():
                detail += " " + " ".join(log.read_text(errors="replace").splitlines()[-3:])
            server.stop()
            return f"{name} failed: {detail}"
    try:
        import psycopg

        with psycopg.connect(server.url("postgres", "postgres", False),
                             autocommit=True) as conn:
            conn.execute(f"CREATE ROLE govlint LOGIN PASSWORD '{PASSWORD}'")
    except Exception as exc:  # any reason the server is unusable is a reason to skip
        server.stop()
        return f"PostgreSQL started but is not usable: {exc}"
    return server
