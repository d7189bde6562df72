"""A stateful fake of the GitLab REST API v4 endpoints the comment bot uses, on 127.0.0.1:0.

It keeps state the way GitLab does: discussions hold notes (a plain note is an individual
discussion of one note; a diff thread a discussion whose first note is a ``DiffNote`` with
a ``position``), ``GET .../notes`` lists every note of every discussion, ids are global and
increasing, authors come from the token. Lists paginate like GitLab (``page``, ``per_page``
default 20 and capped at 100, ``X-Page``/``X-Per-Page``/``X-Next-Page``/``X-Prev-Page``/
``X-Total``/``X-Total-Pages`` and ``Link`` headers).

Requests are validated against GitLab's documented parameters (docs/api/notes.md,
discussions.md, merge_requests.md): a missing required parameter, a wrong type, or an
unknown one is a 400 ``{"error": ...}`` as Grape answers (stricter than GitLab for unknown
parameters, which it ignores: that is how a misspelt one goes unnoticed). A diff position
must carry ``base_sha``/``start_sha``/``head_sha`` equal to the MR's ``diff_refs``,
``old_path``/``new_path`` of a file in the MR's diff and a ``new_line`` that the diff shows,
else 400 ``line_code can't be blank`` as GitLab does. Only a note's author may edit it
(403). Every rejected request is kept in :attr:`FakeGitLab.invalid`; tests assert it is
empty. Faults: :meth:`FakeGitLab.fail_next` (429 with ``Retry-After``, 5xx).

:func:`diffs_from_git` builds the MR's ``diffs`` entries from a real ``git diff``.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

TOKEN = "glpat-fake-Bot-Token-9f8e7d6c"
BOT_USER = {"id": 4242, "username": "project_7_bot_1234", "name": "govlint bot"}
HUMAN = {"id": 7, "username": "alice", "name": "Alice"}
PROJECT_ID = 7
PROJECT_PATH = "acme/payments"
MR_IID = 12
SHA = re.compile(r"[0-9a-f]{40}")

_LIST_PARAMS = {"page", "per_page"}
_NOTES_LIST = _LIST_PARAMS | {"sort", "order_by"}
_POSITION_KEYS = {"base_sha", "start_sha", "head_sha", "position_type", "new_path",
                  "old_path", "new_line", "old_line", "line_range", "width", "height", "x",
                  "y"}
_POSITION_REQUIRED = ("base_sha", "start_sha", "head_sha", "position_type", "new_path",
                      "old_path")


class BadRequest(Exception):
    def __init__(self, status: int, message: Any) -> None:
        super().__init__(str(message))
        self.status = status
        self.message = message


@dataclass
class Fault:
    status: int
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Logged:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


class FakeGitLab:
    """One project (id 7, path acme/payments) with one merge request (IID 12)."""

    def __init__(self, *, diffs: list[dict[str, Any]] | None = None,
                 diff_refs: dict[str, str] | None = None) -> None:
        self.diffs: list[dict[str, Any]] = diffs or []
        self.diff_refs = diff_refs or {"base_sha": "a" * 40, "start_sha": "a" * 40,
                                       "head_sha": "b" * 40}
        self.tokens = {TOKEN: BOT_USER}
        self.discussions: list[dict[str, Any]] = []
        self.log: list[Logged] = []
        self.invalid: list[tuple[str, str, Any]] = []
        self.faults: deque[Fault] = deque()
        self.lost_answers = 0
        self._ids = 1000
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self) -> None:
                outer._handle(self)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _any

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.root = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.url = self.root + "/api/v4"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)
        self.thread.start()

    # -- test helpers -----------------------------------------------------------------

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> FakeGitLab:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def lose_answers(self, count: int) -> None:
        """The next ``count`` successful POSTs are applied but answered 502."""
        self.lost_answers += count

    def fail_next(self, count: int, status: int, retry_after: str | None = None) -> None:
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        for _ in range(count):
            self.faults.append(Fault(status, headers))

    def add_note(self, body: str, author: dict[str, Any] | None = None, *,
                 system: bool = False) -> dict[str, Any]:
        """A plain MR note (an individual discussion), e.g. a human's or a system note."""
        note = self._note(body, author or HUMAN, system=system)
        self.discussions.append({"id": self._sha(), "individual_note": True, "notes": [note]})
        return note

    def notes(self) -> list[dict[str, Any]]:
        return [n for d in self.discussions for n in d["notes"]]

    def summaries(self, marker: str = "<!-- govlint:summary -->") -> list[dict[str, Any]]:
        return [n for n in self.notes() if n["type"] is None and n["body"].startswith(marker)]

    def threads(self) -> list[dict[str, Any]]:
        return [d for d in self.discussions if d["notes"][0]["type"] == "DiffNote"]

    def writes(self) -> list[Logged]:
        return [r for r in self.log if r.method != "GET"]

    # -- dispatch ---------------------------------------------------------------------

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        parts = urlsplit(h.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        with self._lock:
            self.log.append(Logged(h.command, parts.path, query, dict(h.headers), body))
            try:
                if self.faults:
                    fault = self.faults.popleft()
                    raise _Reply(fault.status, {"message": f"{fault.status} fault"},
                                 fault.headers)
                status, payload, headers = self._route(h, parts.path, query, body)
                if h.command == "POST" and self.lost_answers and status < 300:
                    # applied, but a proxy answers 502 (the client cannot tell)
                    self.lost_answers -= 1
                    status, payload, headers = 502, {"message": "502 Bad Gateway"}, {}
            except _Reply as reply:
                status, payload, headers = reply.status, reply.payload, reply.headers
            except BadRequest as exc:
                self.invalid.append((h.command, h.path, exc.message))
                status, payload, headers = exc.status, {"error": exc.message}, {}
        data = b"" if status == 204 else json.dumps(payload).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def _route(self, h: BaseHTTPRequestHandler, path: str, query: dict[str, list[str]],
               body: Any) -> tuple[int, Any, dict[str, str]]:
        user = self.tokens.get(h.headers.get("PRIVATE-TOKEN", ""))
        if user is None:
            raise _Reply(401, {"message": "401 Unauthorized"})
        if path == "/api/v4/user":
            self._params(query, set())
            return 200, dict(user), {}
        prefix = "/api/v4/projects/"
        if not path.startswith(prefix):
            raise _Reply(404, {"error": "404 Not Found"})
        # GitLab reads the project id segment before decoding: a raw "/" in a path id is
        # another route (404); "acme%2Fpayments" is the project.
        rest = path[len(prefix):]
        project, _, rest = rest.partition("/")
        if unquote(project) not in (str(PROJECT_ID), PROJECT_PATH):
            raise _Reply(404, {"message": "404 Project Not Found"})
        mr_prefix = f"merge_requests/{MR_IID}"
        if not (rest == mr_prefix or rest.startswith(mr_prefix + "/")):
            raise _Reply(404, {"message": "404 Not found"})
        tail = rest[len(mr_prefix):].strip("/")
        segments = tail.split("/") if tail else []
        method = h.command
        if not segments and method == "GET":
            self._params(query, set())
            return 200, {"iid": MR_IID, "project_id": PROJECT_ID, "state": "opened",
                         "diff_refs": dict(self.diff_refs), "sha": self.diff_refs["head_sha"]}, {}
        if segments == ["diffs"] and method == "GET":
            self._params(query, _LIST_PARAMS | {"unidiff"})
            return self._page(self.diffs, query)
        if segments == ["notes"]:
            if method == "GET":
                self._params(query, _NOTES_LIST)
                notes = self.notes()
                order = (query.get("sort") or ["desc"])[0]
                if order not in ("asc", "desc"):
                    raise BadRequest(400, "sort does not have a valid value")
                notes = sorted(notes, key=lambda n: n["id"], reverse=order == "desc")
                return self._page(notes, query)
            if method == "POST":
                self._params(query, set())
                data = self._body(body, required={"body": str},
                                  optional={"created_at": str, "internal": bool,
                                            "merge_request_diff_head_sha": str})
                return 201, self.add_note(data["body"], user), {}
        if len(segments) == 2 and segments[0] == "notes" and method == "DELETE":
            self._params(query, set())
            note = self._find_note(segments[1])
            if note["author"]["id"] != user["id"]:
                raise _Reply(403, {"message": "403 Forbidden"})
            self.discussions = [d for d in self.discussions if note not in d["notes"]]
            return 204, None, {}
        if len(segments) == 2 and segments[0] == "notes" and method == "PUT":
            self._params(query, set())
            data = self._body(body, required={"body": str}, optional={})
            note = self._find_note(segments[1])
            if note["author"]["id"] != user["id"]:
                raise _Reply(403, {"message": "403 Forbidden"})
            note["body"] = data["body"]
            note["updated_at"] = self._now()
            return 200, note, {}
        if segments == ["discussions"]:
            if method == "GET":
                self._params(query, _LIST_PARAMS)
                return self._page(self.discussions, query)
            if method == "POST":
                self._params(query, set())
                return 201, self._new_discussion(body, user), {}
        if len(segments) == 2 and segments[0] == "discussions" and method == "PUT":
            discussion = self._find_discussion(segments[1])
            self._params(query, {"resolved"})
            resolved = (query.get("resolved") or [None])[0]
            if resolved is None and isinstance(body, dict):
                resolved = body.get("resolved")
            if str(resolved).lower() not in ("true", "false"):
                raise BadRequest(400, "resolved is missing")
            first = discussion["notes"][0]
            if not first.get("resolvable"):
                raise BadRequest(400, "discussion is not resolvable")
            for note in discussion["notes"]:
                if note.get("resolvable"):
                    note["resolved"] = str(resolved).lower() == "true"
                    note["resolved_by"] = dict(user) if note["resolved"] else None
            return 200, discussion, {}
        if len(segments) == 4 and segments[0] == "discussions" and segments[2] == "notes" \
                and method == "PUT":
            discussion = self._find_discussion(segments[1])
            self._params(query, set())
            data = self._body(body, required={"body": str}, optional={})
            note = next((n for n in discussion["notes"] if str(n["id"]) == segments[3]), None)
            if note is None:
                raise _Reply(404, {"message": "404 Note Not Found"})
            if "body" in data:
                if note["author"]["id"] != user["id"]:
                    raise _Reply(403, {"message": "403 Forbidden"})
                note["body"], note["updated_at"] = data["body"], self._now()
            return 200, note, {}
        if len(segments) == 3 and segments[0] == "discussions" and segments[2] == "notes" \
                and method == "POST":
            discussion = self._find_discussion(segments[1])
            self._params(query, set())
            data = self._body(body, required={"body": str},
                              optional={"created_at": str, "note_id": int})
            note = self._note(data["body"], user, position=None,
                              type_=discussion["notes"][0]["type"],
                              resolvable=discussion["notes"][0].get("resolvable", False))
            discussion["notes"].append(note)
            return 201, note, {}
        raise _Reply(404, {"error": "404 Not Found"})

    # -- endpoints' helpers -----------------------------------------------------------

    def _new_discussion(self, body: Any, user: dict[str, Any]) -> dict[str, Any]:
        data = self._body(body, required={"body": str},
                          optional={"position": dict, "commit_id": str, "created_at": str})
        position = data.get("position")
        if position is None:
            note = self._note(data["body"], user, type_="DiscussionNote")
        else:
            self._check_position(position)
            note = self._note(data["body"], user, position=dict(position), type_="DiffNote",
                              resolvable=True)
        discussion = {"id": self._sha(), "individual_note": False, "notes": [note]}
        self.discussions.append(discussion)
        return discussion

    def _check_position(self, position: dict[str, Any]) -> None:
        unknown = sorted(set(position) - _POSITION_KEYS)
        if unknown:
            raise BadRequest(400, f"position[{unknown[0]}] does not exist")
        for key in _POSITION_REQUIRED:
            if not isinstance(position.get(key), str) or not position[key]:
                raise BadRequest(400, f"position[{key}] is missing")
        if position["position_type"] not in ("text", "image", "file"):
            raise BadRequest(400, "position[position_type] does not have a valid value")
        for key in ("new_line", "old_line"):
            if key in position and (not isinstance(position[key], int)
                                    or isinstance(position[key], bool)):
                raise BadRequest(400, f"position[{key}] is invalid")
        if any(position[k] != self.diff_refs[k] for k in ("base_sha", "start_sha", "head_sha")):
            raise BadRequest(400, {"base": ["Note {:line_code=>[\"can't be blank\"]}"]})
        entry = next((d for d in self.diffs if d["new_path"] == position["new_path"]), None)
        if entry is None or entry["old_path"] != position["old_path"]:
            raise BadRequest(400, "400 Bad request - Note {:line_code=>[\"can't be blank\", "
                                  "\"must be a valid line code\"]}")
        line = position.get("new_line")
        if line is None or line not in _new_side_lines(entry.get("diff") or ""):
            raise BadRequest(400, "400 Bad request - Note {:line_code=>[\"can't be blank\", "
                                  "\"must be a valid line code\"]}")

    def _page(self, items: list[Any], query: dict[str, list[str]]
              ) -> tuple[int, Any, dict[str, str]]:
        page = _int_param(query, "page", 1)
        per_page = min(max(_int_param(query, "per_page", 20), 1), 100)  # GitLab caps at 100
        total = len(items)
        pages = max(1, -(-total // per_page))
        chunk = items[(page - 1) * per_page: page * per_page]
        headers = {"X-Page": str(page), "X-Per-Page": str(per_page), "X-Total": str(total),
                   "X-Total-Pages": str(pages),
                   "X-Next-Page": str(page + 1) if page < pages else "",
                   "X-Prev-Page": str(page - 1) if page > 1 else ""}
        links = []
        for rel, p in (("prev", page - 1), ("next", page + 1), ("first", 1), ("last", pages)):
            if 1 <= p <= pages and (rel != "prev" or page > 1) and (rel != "next" or page < pages):
                q = {k: v[0] for k, v in query.items()}
                q.update(page=str(p), per_page=str(per_page))
                links.append(f'<{self.root}{self._current_path}?{urlencode(q)}>; rel="{rel}"')
        headers["Link"] = ", ".join(links)
        return 200, json.loads(json.dumps(chunk)), headers

    def _params(self, query: dict[str, list[str]], allowed: set[str]) -> None:
        unknown = sorted(set(query) - allowed)
        if unknown:
            raise BadRequest(400, f"{unknown[0]} does not exist")
        for key in ("page", "per_page"):
            if key in query and not query[key][0].isdigit():
                raise BadRequest(400, f"{key} is invalid")

    @staticmethod
    def _body(body: Any, *, required: dict[str, type], optional: dict[str, type]
              ) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise BadRequest(400, f"{next(iter(required))} is missing")
        for key, kind in required.items():
            if key not in body:
                raise BadRequest(400, f"{key} is missing")
            if not isinstance(body[key], kind) or (kind is str and not body[key].strip()):
                raise BadRequest(400, f"{key} is empty" if kind is str else f"{key} is invalid")
        for key, value in body.items():
            if key in required:
                continue
            if key not in optional:
                raise BadRequest(400, f"{key} does not exist")
            if not isinstance(value, optional[key]):
                raise BadRequest(400, f"{key} is invalid")
        if isinstance(body.get("body"), str) and len(body["body"]) > 1_000_000:
            raise BadRequest(400, {"note": ["is too long (maximum is 1000000 characters)"]})
        return body

    def _find_note(self, note_id: str) -> dict[str, Any]:
        for note in self.notes():
            if str(note["id"]) == note_id:
                return note
        raise _Reply(404, {"message": "404 Note Not Found"})

    def _find_discussion(self, discussion_id: str) -> dict[str, Any]:
        for d in self.discussions:
            if d["id"] == discussion_id:
                return d
        raise _Reply(404, {"message": "404 Discussion Not Found"})

    def _note(self, body: str, author: dict[str, Any], *, system: bool = False,
              position: dict[str, Any] | None = None, type_: str | None = None,
              resolvable: bool = False) -> dict[str, Any]:
        self._ids += 1
        note: dict[str, Any] = {
            "id": self._ids, "type": type_, "body": body, "author": dict(author),
            "created_at": self._now(), "updated_at": self._now(), "system": system,
            "noteable_id": 1, "noteable_type": "MergeRequest", "noteable_iid": MR_IID,
            "resolvable": resolvable, "resolved": False if resolvable else None,
            "resolved_by": None,
        }
        if position is not None:
            note["position"] = position
        return note

    def _sha(self) -> str:
        self._ids += 1
        return f"{self._ids:040x}"

    def _now(self) -> str:
        return f"2026-01-01T00:{self._ids // 60 % 60:02d}:{self._ids % 60:02d}.000Z"

    @property
    def _current_path(self) -> str:
        return self.log[-1].path if self.log else "/"


class _Reply(Exception):
    def __init__(self, status: int, payload: Any, headers: dict[str, str] | None = None
                 ) -> None:
        super().__init__(str(status))
        self.status = status
        self.payload = payload
        self.headers = headers or {}


def _int_param(query: dict[str, list[str]], key: str, default: int) -> int:
    value = (query.get(key) or [""])[0]
    return int(value) if value.isdigit() else default


_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def _new_side_lines(diff: str) -> set[int]:
    """Head-side lines a diff shows (added and context): where GitLab accepts a new_line."""
    lines: set[int] = set()
    new = 0
    for raw in diff.split("\n"):
        match = _HUNK.match(raw)
        if match:
            new = int(match.group(3))
            continue
        if raw.startswith(("+", " ")):
            lines.add(new)
            new += 1
    return lines


def diffs_from_git(repo: Path, base: str, head: str) -> list[dict[str, Any]]:
    """The MR ``diffs`` entries GitLab would list for ``base..head`` of a real repository:
    paths (renames detected), flags, and each file's hunks without the ``diff --git``
    header, as GitLab's ``diff`` field."""
    out = subprocess.run(["git", "diff", "-M", "--no-color", "--no-ext-diff", base, head],
                         cwd=repo, capture_output=True, text=True, check=True).stdout
    entries: list[dict[str, Any]] = []
    for chunk in re.split(r"^diff --git ", out, flags=re.MULTILINE)[1:]:
        header, _, hunks = chunk.partition("\n@@")
        diff = ("@@" + hunks) if hunks else ""
        old = new = None
        for line in header.split("\n"):
            if line.startswith("rename from "):
                old = line[len("rename from "):]
            elif line.startswith("rename to "):
                new = line[len("rename to "):]
            elif line.startswith("--- ") and line != "--- /dev/null":
                old = old or line[6:]
            elif line.startswith("+++ ") and line != "+++ /dev/null":
                new = new or line[6:]
        first = header.split("\n", 1)[0]
        a, _, b = first.partition(" b/")
        old = old or new or a[2:]
        new = new or old or b
        entries.append({
            "old_path": old, "new_path": new, "a_mode": "100644", "b_mode": "100644",
            "new_file": "new file mode" in header, "renamed_file": "rename from" in header,
            "deleted_file": "deleted file mode" in header, "diff": diff,
        })
    return entries


def quoted_project() -> str:
    return quote(PROJECT_PATH, safe="")
