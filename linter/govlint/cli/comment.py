"""``govlint comment REPORT.json...``: post what govlint reports say to the merge request (or
pull request) the CI job runs for: one summary note, edited in place, and one inline
discussion per finding on a changed line (docs/comment-bot.md).

Exit codes: 0 posted, nothing to change, or not a merge-request context; 2 usage error (a
bad report file, a missing token with an explicit ``--provider``); 5 the forge's API
failed after retries (the message names the request, never the token); 4 internal error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

API_FAILURE = 5
RECONCILE = 3  # re-reads of the merge request after a write that may have been applied


@click.command()
@click.argument("reports", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--provider", type=click.Choice(["gitlab", "github"]), default=None,
              help="The forge (default: detected from the CI environment).")
@click.option("--api-url", metavar="URL",
              help="API base URL (default: $CI_API_V4_URL, $GITHUB_API_URL).")
@click.option("--project", metavar="ID|PATH", help="GitLab project (default: $CI_PROJECT_ID).")
@click.option("--mr", metavar="IID",
              help="GitLab merge request IID (default: $CI_MERGE_REQUEST_IID).")
@click.option("--repo", metavar="OWNER/NAME",
              help="GitHub repository (default: $GITHUB_REPOSITORY).")
@click.option("--pr", type=click.IntRange(min=1), default=None,
              help="GitHub pull request number (default: from $GITHUB_EVENT_PATH).")
@click.option("--token-env", metavar="VAR",
              help="Environment variable holding the token (default: GOVLINT_GITLAB_TOKEN, "
                   "GITHUB_TOKEN). Never pass a token on the command line.")
@click.option("--marker", metavar="NAME",
              help="Name this job's comments (several govlint jobs in one merge request).")
@click.option("--inline/--no-inline", default=True, show_default=True,
              help="Comment on changed lines, one discussion per finding.")
@click.option("--inline-severity", type=click.Choice(["error", "warn", "info", "hint"]),
              default="warn", show_default=True,
              help="Lowest severity that gets an inline comment.")
@click.option("--max-inline", type=click.IntRange(min=0), default=25, show_default=True,
              help="At most N new inline comments per run (the rest are counted in the "
                   "summary).")
@click.option("--base-score", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="`govlint score --format json` of the target branch: the summary shows "
                   "the score's change.")
@click.option("--dry-run", is_flag=True,
              help="Print the requests it would make (method, URL, body); make none.")
def comment(reports: tuple[Path, ...], provider: str | None, api_url: str | None,
            project: str | None, mr: str | None, repo: str | None, pr: int | None,
            token_env: str | None, marker: str | None, inline: bool, inline_severity: str,
            max_inline: int, base_score: Path | None, dry_run: bool) -> None:
    """Post govlint REPORTS (lint, merge, diff, score JSON) to the merge request."""
    import os

    from govlint.bot import plan as planning
    from govlint.bot.context import Flags, detect, open_provider
    from govlint.bot.http import ApiError
    from govlint.findings.model import Severity
    from govlint.reports.text import printable

    name = planning.check_marker_name(marker)
    inputs = planning.load_inputs(list(reports), base_score)
    context, why = detect(os.environ, Flags(provider, api_url, project, mr, repo, pr,
                                            token_env))
    if context is None:
        click.echo(f"govlint comment: {printable(why)}; nothing posted", err=True)
        return
    forge, client = open_provider(context, dry_run=dry_run)
    limit = planning.GITLAB_LIMIT if context.provider == "gitlab" else planning.GITHUB_LIMIT
    options = planning.Options(marker=name, inline=inline,
                               inline_severity=Severity.parse(inline_severity),
                               max_inline=max_inline, limit=limit,
                               noun="MR" if context.provider == "gitlab" else "PR")
    done: list[str] = []
    try:
        head = forge.current_head() if context.commit and not dry_run else None
        if head and head != context.commit:
            click.echo(f"govlint comment: {context.describe()}: this job linted "
                       f"{context.commit[:12]}, but the head is now {head[:12]}: the report "
                       "is stale, nothing posted (the newer pipeline comments)")
            return
        changed = forge.changed_lines()  # also without --inline: the summary's counts
        plan = planning.build(inputs, changed, options)
        for attempt in range(RECONCILE + 1):
            threads = forge.threads() if inline else []
            todo = planning.actions(plan, forge.comments(), threads, name)
            try:
                for action in todo:
                    _apply(forge, action)
                    done.append(action.kind)
                break
            except ApiError as exc:
                # A POST that failed with 5xx may have been applied: never post it again
                # blindly; read the merge request again and do what is still missing.
                if not exc.uncertain or attempt == RECONCILE:
                    raise
                click.echo(f"govlint comment: {printable(client.redact(str(exc)))}; "
                           "reading the merge request again", err=True)
                client.sleep(client.backoff or 0)
    except ApiError as exc:
        click.echo(f"govlint: error: {printable(client.redact(str(exc)))}", err=True)
        if done:
            click.echo(f"govlint comment: {_said(done)} before the failure", err=True)
        sys.exit(API_FAILURE)
    finally:
        client.close()
    if dry_run:
        _print_recorded(client, context)
        return
    click.echo(f"govlint comment: {context.describe()}: {_said(done) or 'nothing to change'}")


def _apply(forge: object, action: object) -> None:
    kind = action.kind  # type: ignore[attr-defined]
    if kind == "create_comment":
        forge.create_comment(action.body)  # type: ignore[attr-defined]
    elif kind == "update_comment":
        forge.update_comment(action.target, action.body)  # type: ignore[attr-defined]
    elif kind == "delete_comment":
        forge.delete_comment(action.target)  # type: ignore[attr-defined]
    elif kind == "create_thread":
        forge.create_thread(action.path, action.line, action.body)  # type: ignore[attr-defined]
    elif kind == "update_thread":
        forge.update_thread(action.target, action.body)  # type: ignore[attr-defined]
    elif kind == "close_thread":
        forge.close_thread(action.target, action.body)  # type: ignore[attr-defined]


_WORDS = {"create_comment": ("summary created", None),
          "update_comment": ("summary updated", None),
          "delete_comment": ("duplicate summary deleted", "duplicate summaries deleted"),
          "create_thread": ("inline comment", "inline comments"),
          "update_thread": ("inline comment updated", "inline comments updated"),
          "close_thread": ("fixed finding closed", "fixed findings closed")}


def _said(kinds: list[str]) -> str:
    from collections import Counter

    counts = Counter(kinds)
    parts = []
    for kind, (one, many) in _WORDS.items():
        n = counts.get(kind, 0)
        if n:
            parts.append(one if many is None else f"{n} {one if n == 1 else many}"
                         + (" posted" if kind == "create_thread" else ""))
    return ", ".join(parts)


def _print_recorded(client: object, context: object) -> None:
    """The requests a dry run would have made, one block each: ``METHOD URL`` and the JSON
    body (the token is in no URL or body; its header is not printed)."""
    import json

    from govlint.reports.text import printable

    recorded = client.recorded  # type: ignore[attr-defined]
    click.echo(f"govlint comment: dry run for {context.describe()}: "  # type: ignore[attr-defined]
               f"{len(recorded)} request{'s' if len(recorded) != 1 else ''}, none sent "
               "(reads answer nothing, so no inline comment can be planned)")
    for r in recorded:
        click.echo(f"{r.method} {printable(r.url)}")
        if r.body is not None:
            text = json.dumps(r.body, indent=2, ensure_ascii=False, sort_keys=True)
            click.echo(printable(client.redact(text),  # type: ignore[attr-defined]
                                 keep_newlines=True))
