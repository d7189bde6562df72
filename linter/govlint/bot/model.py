"""What the comment bot sees of a merge request, whatever the forge: the contract between
:mod:`govlint.bot.plan` (provider-independent) and the GitLab/GitHub providers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Comment:
    """A top-level MR note (GitLab) or PR issue comment (GitHub)."""

    id: str
    body: str


@dataclass(frozen=True)
class Thread:
    """A GitLab diff discussion or a GitHub PR review comment; ``body`` is its first note.
    ``fixed``: the bot's own last word on it is "fixed" (a human may have reopened it since,
    which the bot respects; a finding that comes back gets a new thread)."""

    id: str
    body: str
    path: str | None
    line: int | None
    resolved: bool
    fixed: bool = False
    note_id: str | None = None  # GitLab: the first note's id (the one the bot edits)


class Provider(Protocol):
    """One merge request on one forge. Reads return every page; writes raise
    :class:`govlint.bot.http.ApiError` when the forge refuses after retries."""

    name: str  # "gitlab" | "github"

    def changed_lines(self) -> dict[str, frozenset[int]]:
        """Head-side path -> line numbers the MR adds or changes (new side of the diff).
        A changed file whose diff the forge does not give (too large) maps to an empty
        set: its findings are summary-only."""
        ...

    def current_head(self) -> str | None:
        """The merge request's head commit as the forge says now (a job for an older
        commit must not comment: its lines are not the MR's any more)."""
        ...

    def comments(self) -> list[Comment]:
        ...

    def create_comment(self, body: str) -> None:
        ...

    def update_comment(self, comment: Comment, body: str) -> None:
        ...

    def delete_comment(self, comment: Comment) -> None:
        """A duplicate summary of the bot's (a write that was applied but answered 5xx)."""
        ...

    def threads(self) -> list[Thread]:
        """Every page; only threads the bot may own (those it could have started)."""
        ...

    def create_thread(self, path: str, line: int, body: str) -> None:
        ...

    def update_thread(self, thread: Thread, body: str) -> None:
        """Edit the bot's first note / review comment (the finding's text changed)."""
        ...

    def close_thread(self, thread: Thread, body: str) -> None:
        """GitLab: resolve the discussion (may add a note ``body``); GitHub: edit the
        comment's body to ``body``."""
        ...
