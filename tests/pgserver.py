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
from dataclasses import dataclass
from pathlib import Path

PASSWORD = "pw-7f3a-not-for-output"  # tests check it never reaches the output


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
        """A fresh, empty database owned by the test user; returns its URL."""
        import psycopg

        name = f"t{next(self.counter)}"
        with psycopg.connect(self.url("postgres", "postgres", False), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" OWNER govlint')
        return self.url(name)

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
    steps = [
        [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
         "--no-sync", "-E", "UTF8", "--locale=C"],
        [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o",
         f"-k {base} -c listen_addresses='' -F -c fsync=off -c full_page_writes=off "
         "-c max_connections=120", "start"],
    ]
    for step in steps:
        try:
            proc = subprocess.run([*runas, *step], capture_output=True, text=True,
                                  timeout=120, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            shutil.rmtree(base, ignore_errors=True)
            return f"{Path(step[0]).name} failed: {exc}"
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            detail = " ".join(tail)
            if log.exists():
                detail += " " + " ".join(log.read_text(errors="replace").splitlines()[-3:])
            server = Server(base, base, bindir, runas, itertools.count())
            server.stop()
            return f"{Path(step[0]).name} failed: {detail}"
    server = Server(base, base, bindir, runas, itertools.count())
    try:
        import psycopg

        with psycopg.connect(server.url("postgres", "postgres", False),
                             autocommit=True) as conn:
            conn.execute(f"CREATE ROLE govlint LOGIN PASSWORD '{PASSWORD}'")
    except Exception as exc:  # any reason the server is unusable is a reason to skip
        server.stop()
        return f"PostgreSQL started but is not usable: {exc}"
    return server
