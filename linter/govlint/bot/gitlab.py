"""The GitLab provider: MR notes (the summary), diff discussions (inline findings) and the
MR's changed lines, over the REST API v4 with a ``PRIVATE-TOKEN`` (a project access token
with the ``api`` scope).

- Summary: ``GET/POST/PUT /projects/:id/merge_requests/:iid/notes`` (plain notes only:
  system notes and diff notes are not summaries; only the token user's notes when GitLab
  says who that is, so another user's note quoting the marker is never edited).
- Inline: ``POST .../discussions`` with a text ``position`` built from the MR's
  ``diff_refs`` (``base_sha``/``start_sha``/``head_sha``), ``old_path``/``new_path`` (a
  renamed file's old name) and ``new_line``; a fixed finding's discussion gets a note and
  ``PUT .../discussions/:id?resolved=true``.
- Changed lines: ``GET .../merge_requests/:iid/diffs`` (paginated), unified hunks parsed
  for the head-side lines the MR adds. A file whose ``diff`` GitLab leaves empty (too
  large, collapsed, binary) has no changed lines: its findings are summary-only.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from govlint.bot.http import ApiError, Client
from govlint.bot.model import Comment, Thread

FIXED_MARKER = "<!-- govlint:fixed -->"  # the same as bot.plan.FIXED_MARKER

_HUNK = re.compile(r"@@ -\d{1,9}(?:,\d{1,9})? \+(\d{1,9})(?:,(\d{1,9}))? @@")


def project_path(project: str) -> str:
    """A numeric id as is, a ``group/project`` path URL-encoded (``group%2Fproject``)."""
    return project if project.isdigit() else quote(project, safe="")


def added_lines(diff: str) -> frozenset[int]:
    """Head-side line numbers a unified diff adds (``+`` lines of every hunk)."""
    lines: set[int] = set()
    new_line = 0
    in_hunk = False
    for raw in diff.split("\n"):
        if raw.startswith("@@"):
            match = _HUNK.match(raw)
            in_hunk = match is not None
            if match:
                new_line = int(match.group(1))
            continue
        if not in_hunk:
            continue
        if raw.startswith("+"):
            lines.add(new_line)
            new_line += 1
        elif raw.startswith(" "):
            new_line += 1
        elif raw.startswith("-") or raw.startswith("\\"):
            continue
        elif raw == "":  # a context line whose single space an editor trimmed
            new_line += 1
    return frozenset(lines)


class GitLab:
    """One merge request: ``project`` (id or path) and ``mr`` (its IID)."""

    name = "gitlab"

    def __init__(self, client: Client, project: str, mr: str) -> None:
        self.client = client
        self.base = f"/projects/{project_path(project)}/merge_requests/{quote(mr, safe='')}"
        self._old_paths: dict[str, str] = {}
        self._diff_refs: dict[str, str] | None = None
        self._user: int | bool | None = False  # False: not asked yet

    # -- reads ------------------------------------------------------------------------

    def changed_lines(self) -> dict[str, frozenset[int]]:
        changed: dict[str, frozenset[int]] = {}
        for entry in self.client.paginate(f"{self.base}/diffs"):
            if not isinstance(entry, dict) or entry.get("deleted_file"):
                continue
            new_path, old_path = entry.get("new_path"), entry.get("old_path")
            if not isinstance(new_path, str):
                continue
            self._old_paths[new_path] = old_path if isinstance(old_path, str) else new_path
            diff = entry.get("diff")
            too_large = entry.get("too_large") or entry.get("collapsed")
            lines = added_lines(diff) if isinstance(diff, str) and not too_large else frozenset()
            changed[new_path] = changed.get(new_path, frozenset()) | lines
        return changed

    def comments(self) -> list[Comment]:
        user = self._current_user()
        out: list[Comment] = []
        for note in self.client.paginate(f"{self.base}/notes",
                                         {"sort": "asc", "order_by": "created_at"}):
            if not isinstance(note, dict) or note.get("system") or note.get("type"):
                continue  # system notes ("added 1 commit") and diff/discussion notes
            if user is not None and _author(note) != user:
                continue
            out.append(Comment(str(note.get("id")), str(note.get("body") or "")))
        return out

    def threads(self) -> list[Thread]:
        user = self._current_user()
        out: list[Thread] = []
        for discussion in self.client.paginate(f"{self.base}/discussions"):
            notes = discussion.get("notes") if isinstance(discussion, dict) else None
            if not notes or not isinstance(notes[0], dict):
                continue
            first = notes[0]
            if first.get("type") != "DiffNote" or (user is not None and _author(first) != user):
                continue
            position = first.get("position") if isinstance(first.get("position"), dict) else {}
            line = position.get("new_line")
            own = [n for n in notes[1:] if isinstance(n, dict)
                   and (user is None or _author(n) == user)]
            fixed = bool(own) and FIXED_MARKER in str(own[-1].get("body") or "")
            out.append(Thread(str(discussion.get("id")), str(first.get("body") or ""),
                              position.get("new_path") if isinstance(position.get("new_path"),
                                                                     str) else None,
                              line if isinstance(line, int) else None,
                              bool(first.get("resolved")), fixed, str(first.get("id"))))
        return out

    # -- writes -----------------------------------------------------------------------

    def create_comment(self, body: str) -> None:
        self.client.request("POST", f"{self.base}/notes", json={"body": body})

    def update_comment(self, comment: Comment, body: str) -> None:
        self.client.request("PUT", f"{self.base}/notes/{quote(comment.id, safe='')}",
                            json={"body": body})

    def delete_comment(self, comment: Comment) -> None:
        self.client.request("DELETE", f"{self.base}/notes/{quote(comment.id, safe='')}")

    def create_thread(self, path: str, line: int, body: str) -> None:
        refs = self._refs()
        position = {
            "position_type": "text",
            "base_sha": refs.get("base_sha"),
            "start_sha": refs.get("start_sha"),
            "head_sha": refs.get("head_sha"),
            "old_path": self._old_paths.get(path, path),
            "new_path": path,
            "new_line": line,
        }
        self.client.request("POST", f"{self.base}/discussions",
                            json={"body": body, "position": position})

    def update_thread(self, thread: Thread, body: str) -> None:
        where = f"{self.base}/discussions/{quote(thread.id, safe='')}"
        self.client.request("PUT", f"{where}/notes/{quote(str(thread.note_id), safe='')}",
                            json={"body": body})

    def close_thread(self, thread: Thread, body: str) -> None:
        where = f"{self.base}/discussions/{quote(thread.id, safe='')}"
        self.client.request("POST", f"{where}/notes", json={"body": body})
        self.client.request("PUT", where, params={"resolved": "true"})

    def current_head(self) -> str | None:
        """The merge request's head commit now (``diff_refs.head_sha``)."""
        sha = self._refs().get("head_sha")
        return sha if isinstance(sha, str) and sha else None

    # -- internals --------------------------------------------------------------------

    def _refs(self) -> dict[str, str]:
        if self._diff_refs is None:
            mr = self.client.request("GET", self.base).json()
            refs = mr.get("diff_refs") if isinstance(mr, dict) else None
            if not self.client.dry_run and not (
                    isinstance(refs, dict)
                    and all(isinstance(refs.get(k), str)
                            for k in ("base_sha", "start_sha", "head_sha"))):
                raise ApiError(f"GET {self.client.shown(self.client.url(self.base))}: the "
                               "merge request has no diff_refs yet (GitLab is still preparing "
                               "its diff); run the job again")
            self._diff_refs = refs if isinstance(refs, dict) else {}
        return self._diff_refs

    def _current_user(self) -> int | None:
        """The token user's id (its notes are the bot's), or None when GitLab does not say
        (then the markers alone decide)."""
        if self._user is False:
            uid = (self.client.whoami("/user") or {}).get("id")
            self._user = uid if isinstance(uid, int) else None
        return self._user if isinstance(self._user, int) else None


def _author(note: dict[str, Any]) -> int | None:
    author = note.get("author")
    uid = author.get("id") if isinstance(author, dict) else None
    return uid if isinstance(uid, int) else None
