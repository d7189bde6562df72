"""JSON with comments and trailing commas (JSONC), as VS Code, TypeScript and Dev Containers
write it: ``//`` and ``/* */`` comments, a ``,`` before ``}`` or ``]``.

No maintained Python JSONC parser is both fast and keeps source positions, so a JSONC text
is turned into JSON of exactly the same length (comments and trailing commas become
spaces, newlines stay) and parsed by orjson: every byte offset, and so every finding's
line, stays where it is in the file. Two linear regex passes (each alternative consumes
what it starts, an unterminated string or comment up to the end of its line or text), so a
hostile file costs O(n). Which files are JSONC is decided by name (:func:`is_jsonc`),
never by content: a real syntax error in a spec or a manifest stays a ``parse-error``.
"""

from __future__ import annotations

import re

# Files their tools read as JSON with comments (VS Code's "jsonc" language associations):
# tsconfig*.json, jsconfig*.json, .vscode/**/*.json, devcontainer.json, .devcontainer.json,
# *.jsonc, .eslintrc.json, *.code-workspace, .babelrc.json, .swcrc. Tested by name, not
# by glob: every JSON file of a run asks (a glob set cost ~95 us a file).
_JSONC_NAMES = frozenset({"devcontainer.json", ".devcontainer.json", ".eslintrc.json",
                          ".babelrc.json", ".swcrc"})
_JSONC_SUFFIXES = (".jsonc", ".code-workspace")
_JSONC_PREFIXES = ("tsconfig", "jsconfig")

_COMMENTS = re.compile(
    rb'"(?:[^"\\\n]|\\[^\n])*"?'  # a string (unterminated: to the end of its line)
    rb"|//[^\n]*"  # a line comment
    rb"|/\*.*?(?:\*/|\Z)",  # a block comment (unterminated: to the end)
    re.DOTALL,
)
_TRAILING_COMMAS = re.compile(rb'"(?:[^"\\\n]|\\[^\n])*"?|,(?=[ \t\r\n]*[}\]])')
_NOT_NEWLINE = re.compile(rb"[^\n]")


def is_jsonc(file: str) -> bool:
    """Whether ``file`` (a project-relative path, '/' separators) is read as JSONC."""
    name = file.rsplit("/", 1)[-1]
    if name in _JSONC_NAMES or name.endswith(_JSONC_SUFFIXES):
        return True
    if not name.endswith(".json"):
        return False
    return name.startswith(_JSONC_PREFIXES) or "/.vscode/" in "/" + file


def strip_jsonc(data: bytes) -> tuple[bytes, int | None]:
    """``data`` as plain JSON of the same length, and the offset of an unterminated block
    comment (``None`` when every comment is closed)."""
    unterminated: int | None = None

    def blank(match: re.Match[bytes]) -> bytes:
        nonlocal unterminated
        text = match.group()
        if text[:1] == b'"':
            return text
        if text.startswith(b"/*") and not (len(text) >= 4 and text.endswith(b"*/")):
            unterminated = match.start() if unterminated is None else unterminated
        return _NOT_NEWLINE.sub(b" ", text)

    if b"/" in data:
        data = _COMMENTS.sub(blank, data)
    if b"," in data:
        data = _TRAILING_COMMAS.sub(lambda m: m.group() if m.group() != b"," else b" ", data)
    return data, unterminated
