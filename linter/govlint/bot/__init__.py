"""The merge-request comment bot (``govlint comment``): a reports consumer that posts one
upserted summary and inline comments on changed lines to GitLab or GitHub.

``model`` is the provider contract, ``http`` the one HTTP client (retries, pagination,
redaction, dry run), ``plan`` turns reports into what should be posted and existing
comments into actions, ``gitlab``/``github`` are the two providers, ``context`` reads the
CI environment. See ``docs/comment-bot.md``."""
