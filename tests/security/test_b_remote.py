"""Issue 11 §7: ``--allow-remote-refs`` has a total wall-time bound. A drip server (a byte
every half second, forever, each read well under the per-read timeout) held a lint for
2 min 19 s; now all fetches of one run share ``GOVLINT_REMOTE_REFS_TIMEOUT`` (default 60 s)
and what was not fetched in time is ``ref-unresolved``."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

RULESET = ("rules:\n  snake-props:\n    given: \"$..properties[*]~\"\n"
           "    then: {function: casing, functionOptions: {type: snake}}\n")


@pytest.fixture
def drip_server() -> Iterator[tuple[str, list[float]]]:
    """An HTTP server that answers every request with headers, then one byte every 0.5 s
    until the client goes away; records when each request arrived."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    arrivals: list[float] = []
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(4096)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/yaml\r\n"
                             b"Content-Length: 100000000\r\n\r\n")
                while not stop.is_set():
                    conn.sendall(b" ")
                    time.sleep(0.5)
            except OSError:
                return

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            arrivals.append(time.monotonic())
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", arrivals
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def test_drip_server_cannot_hold_the_lint(tmp_path: Path, drip_server: tuple[str, list[float]],
                                          govlint: Callable[..., Any]) -> None:
    base, arrivals = drip_server
    refs = "\n".join(f"    S{i}: {{$ref: '{base}/s{i}.yaml#/x'}}" for i in range(5))
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        f"components:\n  schemas:\n{refs}\n")
    (tmp_path / "r.yaml").write_text(RULESET)
    start = time.monotonic()
    run = govlint("lint", "api.yaml", "-r", "r.yaml", "-f", "json", "--allow-remote-refs",
                      cwd=tmp_path, env={"GOVLINT_REMOTE_REFS_TIMEOUT": "3"})
    elapsed = time.monotonic() - start
    assert elapsed < 3 + 10, elapsed  # the budget, plus at most one read's timeout
    assert run.code == 1, run.stderr
    results = json.loads(run.stdout)["results"]
    assert [r["rule"] for r in results] == ["ref-unresolved"] * 5
    messages = " ".join(r["message"] for r in results)
    assert "time budget (3 s for the run) is spent" in messages
    assert len(arrivals) == 1  # once spent, nothing else is requested


def test_budget_setting_is_checked(tmp_path: Path, govlint: Callable[..., Any]) -> None:
    (tmp_path / "api.yaml").write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
                                       "paths: {}\n")
    run = govlint("lint", "api.yaml", "--allow-remote-refs", cwd=tmp_path,
                      env={"GOVLINT_REMOTE_REFS_TIMEOUT": "soon"})
    assert run.code == 2
    assert "GOVLINT_REMOTE_REFS_TIMEOUT must be a positive number" in run.stderr
    assert "Traceback" not in run.stderr
