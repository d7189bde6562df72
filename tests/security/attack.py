"""Replaying attacks from issue 11: a temporary repository shaped like a real one (the
attacker controls everything in it), a secret beside it (a CI credential outside the
project), a marker file that code from the repository would create, and a local HTTP
server that counts requests. Each run is a real ``govlint`` process with a time bound."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

SECRET = "BEGIN-PRIVATE-KEY-s3cr3t-4f9a"  # content that must never appear in any output
FORMATS = ("json", "stylish", "sarif", "gitlab", "junit", "github", "markdown")

_WIDGET_CRD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
"""


def widget_crd(spec_schema: str) -> str:
    """A CRD of kind Widget (example.com/v1) whose ``spec`` schema also has ``spec_schema``
    (YAML keywords, written unindented): the carrier of the CRD-schema attacks."""
    return _WIDGET_CRD + textwrap.indent(textwrap.dedent(spec_schema).lstrip("\n"), " " * 14)


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass
class Repo:
    """A project at ``root`` (holding ``.govlint.yaml`` when written) inside ``base``;
    ``outside`` holds the secret and the marker."""

    base: Path
    root: Path = field(init=False)
    outside: Path = field(init=False)

    def __post_init__(self) -> None:
        self.root = self.base / "project"
        self.outside = self.base / "outside"
        self.root.mkdir(parents=True, exist_ok=True)
        self.outside.mkdir(parents=True, exist_ok=True)
        (self.outside / "gcp-sa.json").write_text(
            f'{{"type": "service_account", "private_key": "{SECRET}"}}\n')
        (self.outside / "secret.env").write_text(f"TOKEN={SECRET}\n")
        (self.outside / "secret.yaml").write_text(f"private_key: {SECRET}\n")

    @property
    def marker(self) -> Path:
        return self.outside / "code-ran"

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
        return path

    def govlint(self, *args: str, timeout: float = 60, env: dict[str, str] | None = None,
                cwd: Path | None = None, max_memory_mb: int | None = None) -> Outcome:
        """``govlint ARGS`` in a subprocess, bounded in time (and in address space)."""
        import time

        def limit_memory() -> None:
            import resource

            size = (max_memory_mb or 0) * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

        clean = {k: v for k, v in os.environ.items()
                 if k not in ("GOVLINT_ALLOW_CUSTOM_FUNCTIONS", "CI")}
        start = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "govlint", *args], cwd=cwd or self.root,
            capture_output=True, text=True, timeout=timeout,
            env={**clean, "GOVLINT_NO_CACHE": "1", **(env or {})},
            preexec_fn=limit_memory if max_memory_mb else None,
        )
        return Outcome(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start)

    def assert_safe(self, outcome: Outcome) -> None:
        """No code ran, nothing outside was quoted, no traceback."""
        assert not self.marker.exists(), "code from the repository ran"
        assert SECRET not in outcome.output, "a file outside the project was read"
        assert "Traceback" not in outcome.output, outcome.stderr


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        body = f'{{"type": "string", "description": "{SECRET}"}}'.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def counting_server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server: its base URL and the list of paths requested from it."""
    hits: list[str] = []
    handler = type("Handler", (_Counter,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
