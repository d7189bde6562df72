"""Run a ruleset's JavaScript functions (Spectral's ``functionsDir`` ``.js``/``.mjs``/
``.cjs`` files) in one Node.js process per run: ``host.mjs``, beside this module.

Why a long-lived process fed in batches: Node starts in ~40 ms and a rule may call its
function on thousands of targets; the engine queues a document's calls and sends them in
one request (:meth:`NodeHost.call_batch`), with the document itself sent once. The host
keeps its own copy of the document (and resolves its local ``$ref`` s itself, as Spectral's
``documentInventory.resolved``), so container targets travel as paths, not values.

The protocol is newline-delimited JSON with a message ``op`` (see ``host.mjs``); other
modules add ops with :meth:`NodeHost.request`. The process is started lazily, with a minimal
environment (no tokens) and the ruleset's directory as its working directory, and killed at
the end of the run (or when it stops answering: a call that does not return within its
time budget is a ``function-error`` finding, and that function is not called again).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import re
import select
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govlint.errors import GovlintError, RulesetError
from govlint.functions.api import FunctionFailure, Result, RuleFunction
from govlint.functions.core._js import get_path

JS_SUFFIXES = (".js", ".mjs", ".cjs")
MIN_NODE = 18
CALL_TIMEOUT = 30.0  # seconds a single call may take (less when the file budget is shorter)
HOST = Path(__file__).with_name("host.mjs")
_SECRET = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|API_?KEY|PRIVATE|AUTH", re.I)
# What the Node process may see of govlint's environment: enough to run (locale, home,
# temp dir, a node_modules search path), nothing that identifies or authorises the job.
_ENV_KEEP = ("PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "NODE_PATH", "SYSTEMROOT")


class NodeUnavailable(GovlintError):
    """Node.js is missing or too old for the JavaScript functions a ruleset names."""


def node_executable() -> str | None:
    """``GOVLINT_NODE`` if set, else ``node`` on PATH."""
    configured = os.environ.get("GOVLINT_NODE")
    if configured:
        return configured if os.path.isfile(configured) or shutil.which(configured) else None
    return shutil.which("node")


def require_node(source: str, names: Sequence[str]) -> None:
    """Refuse a ruleset whose JavaScript functions cannot run here (exit 2), naming them."""
    if node_executable() is None:
        raise NodeUnavailable(
            f"{source}: functions {', '.join(names)} are JavaScript and need Node.js "
            f">= {MIN_NODE}, which is not on PATH: install Node.js (e.g. `apt-get install "
            "nodejs`, or from nodejs.org) or set GOVLINT_NODE to its path")


def node_environment() -> dict[str, str]:
    """The Node process's environment: a few harmless variables, never a token."""
    env = {k: v for k, v in os.environ.items()
           if (k in _ENV_KEEP or k.startswith("LC_")) and not _SECRET.search(k)}
    env["NODE_NO_WARNINGS"] = "1"
    return env


@dataclass(slots=True, eq=False)
class JsFunction:
    """One JavaScript function file of a ruleset."""

    name: str
    file: Path  # realpath, inside the project
    ruleset: str  # the ruleset that names it (for messages)
    directory: Path  # the ruleset's directory: the Node process's working directory
    display: str = ""  # the file as messages name it
    fid: int = 0
    hung: str | None = None  # why it is not called again this run
    # how the host loads it when not a functionsDir file: a request of another op
    # (js-rulesets: a function defined inside a JavaScript ruleset); ``fid`` is added
    load: dict[str, Any] | None = None

    def rule_function(self) -> RuleFunction:
        def impl(target: Any, options: Any, context: Any) -> list[Result]:
            """Called outside the engine's batching (one call): same path, one request."""
            data = context.document_data
            if data is None and context.document is not None:
                data = context.document.data
            call = JsCall(self, context.rule, options, context.path, context.given_path,
                          target, data, context.document)  # (field unknown: a plain call)
            return host().call_batch(context.document, [call])[0]

        return RuleFunction(self.name, impl, None, batch=_batch, js=self)


@dataclass(slots=True)
class JsCall:
    """One queued call: the function, the rule and options, the target and its paths, the
    tree it was found in (the document's data or its resolved tree)."""

    function: JsFunction
    rule: Any
    options: Any
    path: tuple[Any, ...]
    given_path: tuple[Any, ...]
    target: Any
    data: Any
    document: Any = None
    field: str | None = None  # the ``then.field`` the target came from


class _Batch:
    """How the engine hands a document's queued calls ``(then, rule, path, given path,
    target, tree)`` to the host: all at once (``batch(document, calls)``), or in chunks
    while it walks on (``start``: Node runs a chunk while Python walks; on GitHub's spec with
    IBM's ruleset the two processes had taken turns), and ``cancel`` when the document's
    run stops half-way (its time budget)."""

    def __call__(self, document: Any, calls: list[tuple[Any, ...]]) -> list[list[Result]]:
        return host().call_batch(document, _js_calls(document, calls))

    def start(self, document: Any, calls: list[tuple[Any, ...]]
              ) -> Callable[[], list[list[Result]]]:
        return host().submit(document, _js_calls(document, calls))

    def cancel(self) -> None:
        host().abandon()


def _js_calls(document: Any, calls: list[tuple[Any, ...]]) -> list[JsCall]:
    return [JsCall(then.function.js, rule, then.options, path, given_path, target, data,
                   document, then.field)
            for then, rule, path, given_path, target, data in calls]


_batch = _Batch()


# A larger young generation: rulesets' functions (IBM's) allocate many short-lived objects
# per call, and with V8's default 16 MB semi-space the scavenger took a fifth of Node's CPU
# on GitHub's spec; 64 MB saved 4-8 s of 30 (docs/benchmarks.md).
NODE_FLAGS = ("--max-semi-space-size=64",)


@dataclass(slots=True)
class _Process:
    proc: subprocess.Popen[bytes]
    buffer: bytearray = field(default_factory=bytearray)
    loaded: set[int] = field(default_factory=set)  # function ids loaded in this process
    steps: dict[tuple[Any, ...], int] = field(default_factory=dict)
    document: Any = None  # the document the process holds


class NodeHost:
    """The run's Node process (started on first use, restarted after a hung call)."""

    def __init__(self) -> None:
        self._process: _Process | None = None
        self._pid = os.getpid()
        self._next_id = 0
        self._functions: dict[int, JsFunction] = {}
        self._fids: dict[tuple[str, str], int] = {}
        self._documents: dict[int, tuple[Any, int]] = {}  # id(doc) -> (doc, key)
        self.round_trips = 0  # requests sent (for the benchmark)
        self.calls = 0
        # One thread talks to Node at a time: the chunks :meth:`submit` queues run on a
        # worker thread, and a direct call waits for the chunk in progress.
        self._lock = threading.RLock()
        self._queue: queue.SimpleQueue[Any] | None = None
        self._queue_pid = 0
        self._submitted: list[Future[list[list[Result]]]] = []
        self._abandoned = threading.Event()
        # a ``then``'s options as JSON, by object (a step's key; 117,000 calls on GitHub's
        # spec with IBM's ruleset share a few hundred)
        self._options: dict[int, tuple[Any, bytes]] = {}

    # --- process --------------------------------------------------------------------

    def _start(self, cwd: Path) -> _Process:
        node = node_executable()
        if node is None:
            names = sorted({f.name for f in self._functions.values()})
            raise NodeUnavailable(
                f"JavaScript functions {', '.join(names)} need Node.js >= {MIN_NODE}, which "
                "is not on PATH: install it or set GOVLINT_NODE")
        try:
            proc = subprocess.Popen(
                [node, *NODE_FLAGS, str(HOST)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=None, cwd=str(cwd), env=node_environment(), start_new_session=True,
            )
        except OSError as exc:
            raise NodeUnavailable(f"cannot start Node.js ({node}): {exc.strerror}") from None
        _widen_pipe(proc.stdout)
        process = _Process(proc)
        self._process = process
        hello = self._request({"op": "hello"}, timeout=15.0)
        version = str(hello.get("node", "v0")).lstrip("v").split(".")[0]
        if not version.isdigit() or int(version) < MIN_NODE:
            self.close()
            raise NodeUnavailable(
                f"JavaScript functions need Node.js >= {MIN_NODE}; {node} is "
                f"{hello.get('node')}: upgrade it or point GOVLINT_NODE at a newer one")
        return process

    def close(self, *, grace: float = 0.0) -> None:
        """Stop the process: end of input, ``grace`` seconds to exit on its own (the end
        of a run), then SIGKILL to its process group (a hung call, or it lingers)."""
        process, self._process = self._process, None
        if process is None or self._pid != os.getpid():  # a forked worker's inherited one
            return
        proc = process.proc
        try:
            if proc.stdin is not None:
                proc.stdin.close()
        except OSError:
            pass
        if grace > 0:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=grace)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            with contextlib.suppress(OSError):
                proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
        if proc.stdout is not None:
            proc.stdout.close()

    def _ensure(self, cwd: Path) -> _Process:
        if self._process is not None and self._pid != os.getpid():
            self._process = None  # a forked worker: the parent's pipes are not its own
        if self._process is None:
            self._pid = os.getpid()
            return self._start(cwd)
        return self._process

    # --- messages -------------------------------------------------------------------

    def _write(self, message: Mapping[str, Any]) -> int:
        import orjson

        assert self._process is not None
        self._next_id += 1
        payload = dict(message, id=self._next_id)
        data = orjson.dumps(payload, default=_jsonable,
                            option=orjson.OPT_NON_STR_KEYS | orjson.OPT_APPEND_NEWLINE)
        stdin = self._process.proc.stdin
        assert stdin is not None
        try:
            stdin.write(data)
            stdin.flush()
        except (BrokenPipeError, OSError):
            raise _Dead(self._exit_note()) from None
        self.round_trips += 1
        return self._next_id

    def _read_line(self, timeout: float) -> dict[str, Any]:
        """The next protocol line (non-JSON noise a function printed is skipped)."""
        import orjson

        process = self._process
        assert process is not None
        stdout = process.proc.stdout
        assert stdout is not None
        deadline = time.monotonic() + timeout
        while True:
            newline = process.buffer.find(b"\n")
            if newline >= 0:
                line = bytes(process.buffer[:newline])
                del process.buffer[:newline + 1]
                try:
                    message = orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue
                if isinstance(message, dict):
                    return message
                continue
            left = deadline - time.monotonic()
            if left <= 0:
                raise _Timeout
            ready, _, _ = select.select([stdout], [], [], left)
            if not ready:
                raise _Timeout
            chunk = os.read(stdout.fileno(), 1 << 20)
            if not chunk:
                raise _Dead(self._exit_note())
            process.buffer += chunk

    def _exit_note(self) -> str:
        process = self._process
        if process is None:
            return "the Node process is gone"
        try:
            code = process.proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            return "the Node process stopped answering"
        return f"the Node process exited (code {code})"

    def _request(self, message: Mapping[str, Any], timeout: float = CALL_TIMEOUT
                 ) -> dict[str, Any]:
        """Send one request and wait for its answer (``ok`` false: :class:`_HostError`)."""
        ident = self._write(message)
        while True:
            answer = self._read_line(timeout)
            if answer.get("id") == ident:
                if not answer.get("ok"):
                    raise _HostError(str(answer.get("error", "unknown error")))
                return answer

    def request(self, message: Mapping[str, Any], cwd: Path,
                timeout: float = CALL_TIMEOUT) -> dict[str, Any]:
        """Send one request of another op (``load-ruleset``...) and return its answer; a
        failed answer raises :class:`GovlintError` with the host's message."""
        with self._lock:
            return self._request_in(message, cwd, timeout)

    def _request_in(self, message: Mapping[str, Any], cwd: Path, timeout: float
                    ) -> dict[str, Any]:
        self._ensure(cwd)
        try:
            return self._request(message, timeout)
        except _HostError as exc:
            raise GovlintError(str(exc)) from None
        except (_Timeout, _Dead) as exc:
            self.close()
            raise GovlintError(f"Node.js host: {exc or 'no answer in time'}") from None
        except BaseException:
            self.close()
            raise

    # --- functions ------------------------------------------------------------------

    def register(self, function: JsFunction) -> JsFunction:
        key = (str(function.file), function.name)
        fid = self._fids.get(key)
        if fid is None:
            fid = self._fids[key] = len(self._fids) + 1
            self._functions[fid] = function
        function.fid = fid
        return self._functions[fid]

    def _load(self, process: _Process, function: JsFunction, timeout: float) -> None:
        if function.fid in process.loaded:
            return
        try:
            message = ({**function.load, "fid": function.fid} if function.load is not None
                       else {"op": "load-function", "fid": function.fid,
                             "file": str(function.file), "name": function.name})
            self._request(message, timeout)
        except _HostError as exc:
            raise RulesetError(function.ruleset, f"JavaScript function {function.name!r} "
                               f"({function.display}) failed to load: {exc}") from None
        process.loaded.add(function.fid)

    def _step(self, process: _Process, call: JsCall, timeout: float) -> int:
        import orjson

        rule = call.rule
        options = self._options.get(id(call.options))
        if options is None or options[0] is not call.options:  # (kept: ids are not reused)
            options = (call.options, orjson.dumps(call.options, default=_jsonable,
                                                   option=orjson.OPT_NON_STR_KEYS))
            self._options[id(call.options)] = options
        key = (call.function.fid, getattr(rule, "name", ""), options[1])
        sid = process.steps.get(key)
        if sid is not None:
            return sid
        self._load(process, call.function, timeout)
        sid = len(process.steps) + 1
        try:
            self._request({"op": "step", "sid": sid, "fid": call.function.fid,
                           "options": call.options, "rule": _rule_meta(rule)}, timeout)
        except _HostError as exc:
            raise RulesetError(call.function.ruleset, f"invalid functionOptions for "
                               f"{call.function.name!r}: {exc}", getattr(rule, "name", None)) \
                from None
        process.steps[key] = sid
        return sid

    # --- calls ----------------------------------------------------------------------

    def submit(self, document: Any, calls: list[JsCall]) -> Callable[[], list[list[Result]]]:
        """Run ``calls`` on the worker thread, after the chunks submitted before; returns
        the function that waits for their results (or raises what :meth:`call_batch`
        raised)."""
        if self._queue is None or self._queue_pid != os.getpid():
            # (a forked worker process has no thread: start its own)
            self._queue, self._queue_pid = queue.SimpleQueue(), os.getpid()
            threading.Thread(target=self._serve, args=(self._queue,), name="govlint-node",
                             daemon=True).start()
        future: Future[list[list[Result]]] = Future()
        self._submitted = [f for f in self._submitted if not f.done()]
        self._submitted.append(future)
        self._queue.put((future, document, calls))
        return future.result

    def _serve(self, chunks: queue.SimpleQueue[Any]) -> None:
        while True:
            future, document, calls = chunks.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                if self._abandoned.is_set():
                    raise _Abandoned
                future.set_result(self.call_batch(document, calls))
            except BaseException as exc:  # handed to the waiting engine
                future.set_exception(exc)

    def abandon(self) -> None:
        """Drop the submitted chunks (the document's run stopped half-way): the queued ones
        never run, the one in progress is stopped with its Node process."""
        submitted, self._submitted = self._submitted, []
        running = [f for f in submitted if not f.cancel() and not f.done()]
        if not running:
            return
        self._abandoned.set()
        try:
            process = self._process
            if process is not None:
                with contextlib.suppress(OSError):
                    os.killpg(process.proc.pid, signal.SIGKILL)
            wait(running, timeout=CALL_TIMEOUT)
        finally:
            self._abandoned.clear()

    def call_batch(self, document: Any, calls: list[JsCall]) -> list[list[Result]]:
        """Run ``calls`` (all on ``document``) and return each one's results. A failed
        call's results are one :class:`FunctionFailure`."""
        with self._lock:
            return self._call_batch(document, calls)

    def _call_batch(self, document: Any, calls: list[JsCall]) -> list[list[Result]]:
        results: list[list[Result] | None] = [None] * len(calls)
        pending = []
        for index, call in enumerate(calls):
            if call.function.hung is not None:
                results[index] = [_failure(call, call.function.hung)]
            else:
                pending.append(index)
        inline: set[int] = set()
        careful = False
        while pending:
            if self._abandoned.is_set():
                raise _Abandoned
            pending, careful = self._round(document, calls, pending, inline, results, careful)
        return [r or [] for r in results]

    def _round(self, document: Any, calls: list[JsCall], pending: list[int], inline: set[int],
               results: list[list[Result] | None], careful: bool) -> tuple[list[int], bool]:
        """One request with the ``pending`` calls; returns those to send again (targets
        the host's copy lacks, now sent inline; after a hang, the unanswered calls, to a
        new process) and whether that next round must be careful.

        The host writes results in chunks, so when it stops answering the hung call is
        not known; the unanswered calls then go again, ``careful``: the host says as each
        call starts, and the one that hangs again is the finding (its function is not
        called again). A call that kills Node is known the same way."""
        timeout = _call_timeout()
        cwd = calls[pending[0]].function.directory
        answered: set[int] = set()
        started: int | None = None
        try:
            process = self._ensure(cwd)
            wire = [(index, self._step(process, calls[index], timeout)) for index in pending]
            message: dict[str, Any] = {"op": "call", "timeout": timeout, "careful": careful,
                                       "calls": [_wire(index, sid, calls[index], index in inline)
                                                 for index, sid in wire]}
            if document is None or process.document is not document:
                message["document"] = _document_message(document, calls[pending[0]].data)
                process.document = document
            ident = self._write(message)
            retry: list[int] = []
            while True:
                line = self._read_line(timeout)
                if "s" in line:
                    started = int(line["s"])
                    continue
                if "n" in line:  # calls that found nothing
                    for index in line["n"]:
                        answered.add(index)
                        results[index] = []
                    continue
                if "c" in line:
                    index = int(line["c"])
                    answered.add(index)
                    if line.get("miss"):
                        inline.add(index)
                        retry.append(index)
                    elif "e" in line:
                        results[index] = [_failure(calls[index], f"threw: {line['e']}")]
                    else:
                        results[index] = _results(line.get("r"))
                    continue
                if line.get("id") == ident:
                    if not line.get("ok"):
                        raise _HostError(str(line.get("error")))
                    self.calls += len(pending)
                    return retry, False
        except (_Timeout, _Dead) as exc:
            self.close()
            if self._abandoned.is_set():  # the engine stopped Node: no call is to blame
                raise _Abandoned from None
            left = [i for i in pending if i not in answered]
            if not careful or started is None or started not in left:
                return left, True  # find the culprit: again, one call at a time
            culprit = calls[started]
            why = (f"did not return within {timeout:.1f} s" if isinstance(exc, _Timeout)
                   else f"stopped the Node process ({exc})")
            culprit.function.hung = f"{why} earlier in this run, so it was not called again"
            results[started] = [_failure(culprit, why + "; the Node process was stopped")]
            again = []
            for index in left:
                if index == started:
                    continue
                hung = calls[index].function.hung
                if hung is None:
                    again.append(index)
                else:
                    results[index] = [_failure(calls[index], hung)]
            return again, False
        except _HostError as exc:
            self.close()
            raise GovlintError(f"Node.js host: {exc}") from None
        except BaseException:  # the file's time budget (FileTimeout), ^C: never leave it
            self.close()
            raise


class _Timeout(Exception):
    pass


class _Dead(Exception):
    pass


class _HostError(Exception):
    pass


class _Abandoned(Exception):
    """The engine dropped the chunk (its document's run stopped)."""


def _widen_pipe(pipe: Any) -> None:
    """A 1 MiB pipe for the host's results (Linux; 64 KiB by default): Node writes a chunk's
    results without waiting for the bridge's thread to get the GIL and read."""
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError, ValueError, AttributeError):
        pass  # another platform, or a lower pipe-max-size: the default works too


def _call_timeout() -> float:
    """A call's budget: at most :data:`CALL_TIMEOUT`, and half of what is left of the
    file's ``--timeout-per-file`` budget, so a hung function is a finding of its own
    rather than the file's timeout."""
    try:
        left = signal.getitimer(signal.ITIMER_REAL)[0]
    except (AttributeError, OSError):
        left = 0.0
    if left > 0:
        return max(min(CALL_TIMEOUT, left / 2), 0.05)
    return CALL_TIMEOUT


def _wire(index: int, sid: int, call: JsCall, inline: bool) -> list[Any]:
    """A call as the host reads it: ``[index, step, tree, path, kind, value]`` where kind
    is ``v`` (value inline), ``u`` (undefined), ``p`` (look the path up; missing: resend
    inline) or ``n`` (look it up; missing means undefined, as lodash ``get`` gives)."""
    tree = "u" if call.document is None or call.data is getattr(call.document, "data", None) \
        else "r"
    target = call.target
    path = list(call.path)
    if isinstance(target, (str, bool, int, float)) or inline:
        return [index, sid, tree, path, "v", target]
    if target is None:
        if call.path != call.given_path:
            return [index, sid, tree, path, "n", None]
        matched = get_path(call.data, tuple(call.given_path))
        # a field that matched nothing in a container: Spectral passes undefined
        if call.field and isinstance(matched, (dict, list)):
            return [index, sid, tree, path, "u", None]
        return [index, sid, tree, path, "v", None]
    return [index, sid, tree, path, "p", None]


def _document_message(document: Any, data: Any) -> dict[str, Any]:
    if document is None:
        return {"key": 0, "source": None, "data": data, "formats": []}
    return {
        "key": id(document),
        "source": str(getattr(document, "abspath", "") or getattr(document, "file", "")),
        "data": document.data,
        "formats": sorted(getattr(document, "formats", ()) or ()),
    }


def _rule_meta(rule: Any) -> dict[str, Any]:
    if rule is None:
        return {"name": ""}
    severity = getattr(rule, "severity", None)
    return {
        "name": rule.name,
        "description": rule.description,
        "message": rule.message,
        "severity": getattr(severity, "value", str(severity)),
        "resolved": rule.resolved,
        "recommended": rule.recommended,
        "formats": sorted(rule.formats) if rule.formats is not None else None,
        "documentationUrl": rule.documentation_url,
        "given": [e for target in rule.given for e in target.expressions],
        "then": [{"field": t.field, "function": t.function.name,
                  "functionOptions": t.options} for t in rule.then],
    }


def _results(raw: Any) -> list[Result]:
    """The host's results (it has decoded the path segments as Spectral does: text,
    ``~1``/``~0`` unescaped)."""
    out: list[Result] = []
    for item in raw or ():
        path = item.get("path")
        out.append(Result(
            message=str(item.get("message", "")),
            path=None if path is None else tuple(path),
        ))
    return out


def _failure(call: JsCall, why: str) -> Result:
    rule = getattr(call.rule, "name", "?")
    function = call.function
    return FunctionFailure(
        f"rule {rule}: JavaScript function {function.name!r} ({function.display}) {why}; "
        "the check did not run", None)


def _jsonable(value: Any) -> Any:
    """What orjson does not serialise itself (YAML's odd scalars): as text."""
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


_HOST: NodeHost | None = None


def host() -> NodeHost:
    """This process's host (a worker process has its own)."""
    global _HOST
    if _HOST is None:
        _HOST = NodeHost()
        atexit.register(close)
    return _HOST


def close() -> None:
    """Kill the Node process, if one was started (at exit)."""
    if _HOST is not None:
        _HOST.close()


def load_js_functions(files: Mapping[str, Path], source: str, directory: Path,
                      display: Mapping[str, str]) -> dict[str, RuleFunction]:
    """The ``RuleFunction`` of each JavaScript function file (loaded in Node on first use)."""
    require_node(source, sorted(files))
    out: dict[str, RuleFunction] = {}
    for name, file in files.items():
        function = host().register(JsFunction(name, file, source, directory,
                                              display.get(name, str(file))))
        out[name] = function.rule_function()
    return out


def end_run() -> None:
    """The run is over: kill the Node process and forget which functions hung (a later
    run in the same process, as in tests or an editor integration, starts afresh)."""
    if _HOST is not None:
        _HOST.close(grace=0.5)
        for function in _HOST._functions.values():
            function.hung = None
