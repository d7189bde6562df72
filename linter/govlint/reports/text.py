"""Escaping for text that reaches a terminal, a CI log or a PR comment.

Everything in a finding can come from the linted repository: file names (any bytes but
``/`` and NUL), keys and values quoted in messages. Printed raw, a newline in a file name
starts a new log line that GitHub Actions reads as a workflow command
(``::error file=…::``, ``##[error]``), an ESC sequence recolours or rewrites the terminal,
and a bidi override reorders what a reviewer reads. These helpers make such text inert:

- :func:`scrub`: lone surrogates (a non-UTF-8 file name, decoded by Python with
  ``surrogateescape``) become U+FFFD, so every format can encode the text as UTF-8.
- :func:`printable`: control characters (C0, DEL, C1), line/paragraph separators and bidi
  controls are written as visible escapes (``\\n``, ``\\x1b``, ``\\u202e``) and a line that
  would start a workflow command gets a backslash in front.
"""

from __future__ import annotations

import re

_SURROGATES = re.compile("[\ud800-\udfff]")
# C0 and C1 controls, DEL, U+2028/2029 (line breaks to JavaScript and some terminals), bidi
# embeddings/overrides/isolates and the zero-width no-break space.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_CONTROLS_BUT_NEWLINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# The GitHub Actions runner trims leading whitespace and then looks for these.
_COMMAND_START = re.compile(r"^(\s*)(::|##\[)", re.MULTILINE)


def scrub(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD (encodable as UTF-8)."""
    if text.isascii():
        return text
    return _SURROGATES.sub("\ufffd", text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """``text`` scrubbed, with every control character written as a visible escape."""
    text = scrub(text)
    return text if text.isprintable() else _CONTROLS.sub(_escape, text)


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` safe to print on one line (or, with ``keep_newlines``, on several): control
    characters escaped, no line that a CI runner would read as a command."""
    text = scrub(text)
    pattern = _CONTROLS_BUT_NEWLINE if keep_newlines else _CONTROLS
    if not text.isprintable():
        text = pattern.sub(_escape, text)
    if "::" in text or "##[" in text:
        text = _COMMAND_START.sub(r"\1\\\2", text)
    return text
