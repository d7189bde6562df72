"""Which merge request ``govlint comment`` posts to: CI environment variables, overridden by
flags. GitLab CI: ``CI_API_V4_URL``, ``CI_PROJECT_ID``, ``CI_MERGE_REQUEST_IID``, token
``GOVLINT_GITLAB_TOKEN``. GitHub Actions: ``GITHUB_API_URL``, ``GITHUB_REPOSITORY``,
``GITHUB_EVENT_PATH``, token ``GITHUB_TOKEN`` (:func:`govlint.bot.github.target_from_env`).

Outside a merge request (a branch pipeline, a laptop) :func:`detect` returns ``None`` and a
reason: the command says so and posts nothing (exit 0), so one CI job definition serves
every pipeline. A missing token is the same "nothing to do" when the forge was detected
from the environment, and a usage error (exit 2) when ``--provider`` asked for it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from govlint.errors import GovlintError

TOKEN_ENV = {"gitlab": "GOVLINT_GITLAB_TOKEN", "github": "GITHUB_TOKEN"}
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")
_PROJECT = re.compile(r"[0-9]{1,12}|[A-Za-z0-9_.][A-Za-z0-9_./-]{0,254}")
_IID = re.compile(r"[0-9]{1,12}")


@dataclass(frozen=True)
class Flags:
    provider: str | None = None
    api_url: str | None = None
    project: str | None = None
    mr: str | None = None
    repo: str | None = None
    pr: int | None = None
    token_env: str | None = None


@dataclass(frozen=True)
class Context:
    """A merge request to post to, and the token to post with."""

    provider: str  # "gitlab" | "github"
    token: str
    token_env: str
    api_url: str
    project: str = ""  # GitLab: id or path
    mr: str = ""  # GitLab: IID
    github: Any = None  # GitHub: govlint.bot.github.GitHubTarget
    commit: str | None = None  # the commit this job linted, when the CI says


    def describe(self) -> str:
        if self.provider == "gitlab":
            return f"GitLab project {self.project} merge request !{self.mr}"
        return f"GitHub {self.github.repo} pull request #{self.github.pr}"


def detect(env: Mapping[str, str], flags: Flags) -> tuple[Context | None, str]:
    """The merge request this job runs for, or ``(None, why not)``."""
    if flags.token_env is not None and not _ENV_NAME.fullmatch(flags.token_env):
        # never echoed: a value that is no variable name is often the token itself
        raise GovlintError("--token-env takes the NAME of the environment variable that "
                           "holds the token; the value given is not a variable name (not "
                           "shown: it may be the token itself)")
    provider = flags.provider
    explicit = provider is not None
    if provider is None:
        if env.get("GITLAB_CI") or env.get("CI_MERGE_REQUEST_IID") or flags.project or flags.mr:
            provider = "gitlab"
        elif env.get("GITHUB_ACTIONS") or flags.repo or flags.pr:
            provider = "github"
        else:
            return None, "not running in GitLab CI or GitHub Actions (use --provider)"
    token_env = flags.token_env or TOKEN_ENV[provider]
    token = env.get(token_env, "").strip()
    found = _gitlab(env, flags) if provider == "gitlab" else _github(env, flags)
    if isinstance(found, str):
        return None, found
    if not token:
        why = f"no token: {_name_shown(token_env)} is not set"
        if explicit:
            raise GovlintError(f"{why} (a {_TOKEN_KIND[provider]})")
        return None, why
    if not (token.isascii() and token.isprintable()) or any(c.isspace() for c in token):
        raise GovlintError(f"the token in {_name_shown(token_env)} has characters no token "
                           "has (non-ASCII, control or whitespace): check the CI variable")
    return Context(provider=provider, token=token, token_env=token_env,
                   commit=_job_commit(env, provider, found), **found), ""


_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def _job_commit(env: Mapping[str, str], provider: str, found: dict[str, Any]) -> str | None:
    """The merge request head this job linted: GitLab's ``CI_MERGE_REQUEST_SOURCE_BRANCH_SHA``
    (merged-results pipelines, where ``CI_COMMIT_SHA`` is the merge commit), else
    ``CI_COMMIT_SHA``; GitHub: the event's ``pull_request.head.sha`` (``GITHUB_SHA`` is the
    merge commit there). ``None`` when unknown: no staleness check."""
    if provider == "gitlab":
        for name in ("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA", "CI_COMMIT_SHA"):
            value = env.get(name, "").strip().lower()
            if _SHA.fullmatch(value):
                return value
        return None
    return getattr(found.get("github"), "head_sha", None)


_TOKEN_PREFIXES = ("glpat-", "gldt-", "glptt-", "glcbt-", "ghp_", "gho_", "ghu_", "ghs_",
                   "ghr_", "github_pat_")


def _name_shown(name: str) -> str:
    """The token variable's name as printed: a conventional UPPER_CASE name, or a phrase
    when the name could be a token passed by mistake (``--token-env ghp_...``)."""
    if re.fullmatch(r"[A-Z_][A-Z0-9_]{0,127}", name) and not name.lower().startswith(
            _TOKEN_PREFIXES):
        return name
    return "the variable named by --token-env (name not shown: it looks like a token)"


def safe_url(url: str) -> str:
    """``url`` as it may be printed: credentials before ``@`` in the authority removed
    (``https://bot:TOKEN@host`` is a way to misconfigure ``CI_API_V4_URL``)."""
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]{0,20}://)[^/?#]{0,2000}@", r"\1", url)

_TOKEN_KIND = {"gitlab": "project access token with the api scope",
               "github": "token with pull-requests: write"}


def _gitlab(env: Mapping[str, str], flags: Flags) -> dict[str, Any] | str:
    mr = flags.mr or env.get("CI_MERGE_REQUEST_IID", "")
    if not mr:
        return "not a merge request pipeline (CI_MERGE_REQUEST_IID is not set; use --mr)"
    if not _IID.fullmatch(mr):
        raise GovlintError(f"merge request IID {mr!r} is not a number")
    project = flags.project or env.get("CI_PROJECT_ID", "")
    if not project:
        raise GovlintError("no project: set CI_PROJECT_ID or --project (an id or group/name)")
    if not _PROJECT.fullmatch(project) or ".." in project.split("/"):
        raise GovlintError(f"project {project!r} is not a project id or path")
    api_url = (flags.api_url or env.get("CI_API_V4_URL", "")).rstrip("/")
    if not api_url:
        raise GovlintError("no API URL: set CI_API_V4_URL or --api-url "
                           "(https://gitlab.example.com/api/v4)")
    _check_url(api_url)
    return {"api_url": api_url, "project": project, "mr": mr}


def _github(env: Mapping[str, str], flags: Flags) -> dict[str, Any] | str:
    from govlint.bot.github import target_from_env

    target = target_from_env(env, api_url=flags.api_url, repo=flags.repo, pr=flags.pr)
    if target is None:
        return "not a pull request event (GITHUB_EVENT_PATH has no pull request; use --pr)"
    _check_url(target.api_url)
    return {"api_url": target.api_url, "github": target}


def _check_url(url: str) -> None:
    """An http(s) URL without credentials and with a valid port (a usage error, exit 2,
    never a traceback); the message never shows credentials."""
    from urllib.parse import urlsplit

    shown = safe_url(url)
    if shown != url:
        raise GovlintError(f"API URL {shown!r} carries credentials (user:password@): remove "
                           "them, the token goes in its own variable")
    if not re.fullmatch(r"https?://[^\s/@]{1,255}(/[^\s]{0,500})?", url):
        raise GovlintError(f"API URL {url!r} is not an http(s) URL")
    try:
        urlsplit(url).port  # noqa: B018 - raises ValueError when out of range
    except ValueError as exc:
        raise GovlintError(f"API URL {url!r}: {exc}") from None


def open_provider(context: Context, *, dry_run: bool) -> tuple[Any, Any]:
    """``(provider, client)`` for ``context``."""
    if context.provider == "gitlab":
        from govlint.bot.gitlab import GitLab
        from govlint.bot.http import Client

        client = Client(context.api_url, token=context.token, token_header="PRIVATE-TOKEN",
                        dry_run=dry_run)
        return GitLab(client, context.project, context.mr), client
    from govlint.bot.github import GitHubProvider, client_for

    target = context.github
    client = client_for(target, context.token, dry_run=dry_run)
    return GitHubProvider(client, target.repo, target.pr, target.head_sha), client
