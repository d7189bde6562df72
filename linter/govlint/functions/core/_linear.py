"""JavaScript regexes on RE2: linear time for the patterns whose meaning RE2 keeps.

Ruleset patterns are written for V8 and many backtrack: the kebab-case idiom of APIs You
Won't Hate and apiaddicts, ``^(/|[a-z0-9-.]+|{[a-zA-Z0-9_]+})+$``, takes exponential time
in a backtracking engine on a path it rejects. RE2 (``google-re2``) answers in time linear
in the input, so :func:`to_re2` translates a JS pattern to RE2 syntax when RE2 gives the
same matches: no backreference or lookaround, ``\\d``/``\\w``/``\\b`` ASCII as in JS,
``\\s``/``.`` spelled as JS's sets, ``$`` as the end of input, ``^``/``$`` not with the
``m`` flag (JS's line terminators are not RE2's), no ``v`` flag, no ``\\p{...}``. Anything
else returns None and the caller keeps the backtracking engine with its time budget
(:mod:`govlint.functions.core._regex`). Case-insensitive matching is RE2's simple case
folding, which agrees with JS on every ASCII letter (as Python's ``re`` did before).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

_HEX = frozenset("0123456789abcdefABCDEF")
# JS \s: WhiteSpace and LineTerminator (ECMA-262 22.2.2.9).
_SPACE = (r"\t\n\x{0b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}"
          r"\x{205f}\x{3000}\x{feff}")
_NOT_LINE = r"[^\n\r\x{2028}\x{2029}]"
_MAX_REPEAT = 1000  # RE2 refuses larger counted repeats
_META = frozenset("\\^$.|?*+()[]{}")


def to_re2(source: str, flags: str, *, capture: bool = True) -> str | None:
    """RE2 syntax with the matches of ``new RegExp(source, flags)``, or None.
    ``capture=False``: every group non-capturing (a yes/no test runs faster)."""
    if "v" in flags:
        return None
    icase, unicode = "i" in flags, "u" in flags
    out = _Translation(source, unicode=unicode, multiline="m" in flags,
                       dotall="s" in flags, icase=icase, capture=capture).run()
    if out is None:
        return None
    if "y" in flags:
        out = rf"\A(?:{out})"
    # /iu folds case as RE2 does (Unicode simple case folding). Plain /i does not: V8
    # upper-cases, and never maps a non-ASCII character to an ASCII one (U+017F is not
    # "s", U+212A not "k"), so letters are spelt out in both cases instead (_Translation).
    return ("(?i)" if icase and unicode else "") + out


# ("char", code point), ("set", RE2 class body) or ("assert", \b or \B)
_Item = tuple[str, Any]


class _Unsupported(Exception):
    """The pattern needs the backtracking engine."""


class _Translation:
    def __init__(self, source: str, *, unicode: bool, multiline: bool, dotall: bool,
                 icase: bool, capture: bool = True) -> None:
        self.src = source
        self.capture = capture
        self.unicode = unicode
        self.multiline = multiline
        self.dotall = dotall
        self.icase = icase
        self.fold = icase and not unicode  # spell letters in both cases (see to_re2)
        self.pos = 0

    def run(self) -> str | None:
        try:
            return self.translate()
        except _Unsupported:
            return None

    def translate(self) -> str:
        src = self.src
        out: list[str] = []
        while self.pos < len(src):
            ch = src[self.pos]
            if ch == "\\":
                kind, value = self.escape(in_class=False)
                out.append(self.single(value) if kind == "char" else
                           value if kind == "assert" else f"[{value}]")
            elif ch == "[":
                out.append(self.char_class())
            elif ch == "(":
                out.append(self.group())
            elif ch == ".":
                self.pos += 1
                out.append("(?s:.)" if self.dotall else _NOT_LINE)
            elif ch in "^$":
                if self.multiline:
                    raise _Unsupported  # JS ends lines at \r, \u2028, \u2029 too
                self.pos += 1
                out.append("^" if ch == "^" else r"\z")
            elif ch == "{":
                out.append(self.brace())
            elif ch in "*+?|)":
                self.pos += 1
                out.append(ch)
            else:  # a literal (} and ] too: literals in JS without the u flag)
                self.pos += 1
                out.append(self.single(ord(ch)))
        return "".join(out)

    def single(self, code: int) -> str:
        """One character outside a class."""
        body = self.cased(code)
        return f"[{body}]" if body is not None else _literal(chr(code))

    def cased(self, code: int) -> str | None:
        """Both cases of an ASCII letter as a class body when folding; None for a
        character without case. A non-ASCII letter under /i: unsupported (V8's rules)."""
        if not self.fold:
            return None
        ch = chr(code)
        if ch.isascii():
            return ch.lower() + ch.upper() if ch.isalpha() else None
        if ch.lower() != ch.upper() or ch.lower() != ch or ch.upper() != ch:
            raise _Unsupported
        return None

    def brace(self) -> str:
        src, start = self.src, self.pos
        end = src.find("}", start)
        body = src[start + 1:end] if end > 0 else ""
        low, comma, high = body.partition(",")
        if end > 0 and low.isdigit() and (not high or high.isdigit()) and low.isascii() \
                and high.isascii():
            if int(low) > _MAX_REPEAT or (high and int(high) > _MAX_REPEAT):
                raise _Unsupported
            self.pos = end + 1
            return "{" + low + comma + high + "}"
        self.pos += 1
        return r"\{"

    def group(self) -> str:
        src, pos = self.src, self.pos
        if not src.startswith("(?", pos):
            self.pos += 1
            return "(" if self.capture else "(?:"
        if src.startswith("(?:", pos):
            self.pos += 3
            return "(?:"
        if src.startswith("(?<", pos) and not src.startswith(("(?<=", "(?<!"), pos):
            end = src.find(">", pos)
            name = src[pos + 3:end] if end > 0 else ""
            if name and name.isascii() and (name[0].isalpha() or name[0] == "_") and \
                    name.replace("_", "a").isalnum():
                self.pos = end + 1
                return f"(?P<{name}>" if self.capture else "(?:"
        raise _Unsupported  # lookaround, modifiers, odd names

    def char_class(self) -> str:
        src = self.src
        self.pos += 1
        negated = src.startswith("^", self.pos)
        if negated:
            self.pos += 1
        if src.startswith("]", self.pos):  # [] matches nothing, [^] anything (JS)
            self.pos += 1
            return "(?s:.)" if negated else r"[^\x00-\x{10ffff}]"
        items: list[_Item] = []
        dashes: set[int] = set()  # where a "-" is written as is (an escaped one is no range)
        while self.pos < len(src) and src[self.pos] != "]":
            if src[self.pos] == "\\":
                items.append(self.escape(in_class=True))
            else:
                if src[self.pos] == "-":
                    dashes.add(len(items))
                items.append(("char", ord(src[self.pos])))
                self.pos += 1
        if self.pos >= len(src):
            raise _Unsupported  # unterminated (V8 refuses it; the caller says so)
        self.pos += 1
        body: list[str] = []
        index = 0
        while index < len(items):
            kind, value = items[index]
            dash = index + 2 < len(items) and index + 1 in dashes
            if kind == "char" and dash and items[index + 2][0] == "char":
                body.append(self.char_range(value, items[index + 2][1]))
                index += 3
                continue
            if kind == "set":
                body.append(value)
            else:
                body.append(self.cased(value) or _class_literal(chr(value)))
            index += 1
        return ("[^" if negated else "[") + "".join(body) + "]"

    def char_range(self, low: int, high: int) -> str:
        if low > high:
            raise _Unsupported  # V8 refuses it; the caller says so
        text = f"{_class_literal(chr(low))}-{_class_literal(chr(high))}"
        if not self.fold:
            return text
        if high > 0x7F and any(chr(c).lower() != chr(c).upper()
                               for c in range(max(low, 0x80), min(high, 0x24F) + 1)):
            raise _Unsupported  # cased non-ASCII letters under /i (V8's rules)
        extra = []
        for first, last, shift in ((ord("a"), ord("z"), -32), (ord("A"), ord("Z"), 32)):
            lo, hi = max(low, first), min(high, last)
            if lo <= hi:
                extra.append(f"{chr(lo + shift)}-{chr(hi + shift)}")
        return text + "".join(extra)

    def escape(self, *, in_class: bool) -> _Item:
        src = self.src
        if self.pos + 1 >= len(src):
            raise _Unsupported
        ch = src[self.pos + 1]
        self.pos += 2
        if ch in "dwsDWS":
            if ch in "wW" and self.icase and self.unicode:
                raise _Unsupported  # /\w/iu also matches U+017F and U+212A
            if ch in "DWS" and in_class:
                raise _Unsupported  # a negated set inside a class
            body = {"d": "0-9", "w": "0-9A-Za-z_", "s": _SPACE}[ch.lower()]
            return ("set", body if ch.islower() else f"^{body}")
        if ch in "bB":
            if in_class:
                if ch == "b":
                    return ("char", 8)
                raise _Unsupported
            if self.icase and self.unicode:
                raise _Unsupported  # /\b/iu: U+017F and U+212A are word characters
            return ("assert", "\\" + ch)
        simple = {"n": 10, "r": 13, "t": 9, "f": 12, "v": 11}
        if ch in simple:
            return ("char", simple[ch])
        if ch == "0" and not src[self.pos:self.pos + 1].isdigit():
            return ("char", 0)
        if ch.isdigit() or ch in "ck":
            raise _Unsupported  # backreferences, octal, control letters, named references
        if ch == "x":
            digits = src[self.pos:self.pos + 2]
            if len(digits) == 2 and set(digits) <= _HEX:
                self.pos += 2
                return ("char", int(digits, 16))
            if self.unicode:
                raise _Unsupported
            return ("char", ord("x"))
        if ch == "u":
            return ("char", self.unicode_escape())
        if ch in "pP" or (ch.isascii() and ch.isalnum() and self.unicode):
            raise _Unsupported
        return ("char", ord(ch))  # an identity escape: \/ is "/", \e is "e"

    def unicode_escape(self) -> int:
        src = self.src
        if self.unicode and src.startswith("{", self.pos):
            end = src.find("}", self.pos)
            digits = src[self.pos + 1:end] if end > 0 else ""
            if not digits or not set(digits) <= _HEX or int(digits, 16) > 0x10FFFF:
                raise _Unsupported
            self.pos = end + 1
            code = int(digits, 16)
        else:
            digits = src[self.pos:self.pos + 4]
            if len(digits) != 4 or not set(digits) <= _HEX:
                if self.unicode:
                    raise _Unsupported
                return ord("u")
            self.pos += 4
            code = int(digits, 16)
        if 0xD800 <= code <= 0xDFFF:
            raise _Unsupported  # surrogates: JS sees UTF-16 code units, RE2 code points
        return code


def _literal(ch: str) -> str:
    """A character outside a class, escaped for RE2."""
    if ch in _META or (ch.isascii() and not ch.isalnum() and ch != " "):
        return "\\" + ch
    if not ch.isprintable():
        return rf"\x{{{ord(ch):x}}}"
    return ch


def _class_literal(ch: str) -> str:
    """A character inside a class, escaped for RE2."""
    if ch in "\\]-^[" or not ch.isprintable():
        return rf"\x{{{ord(ch):x}}}"
    return ch


class PatternMethods:
    """The ``re.Pattern`` methods both JS regex engines expose, each through the engine's
    own ``_run`` (which picks the engine and enforces its bounds)."""

    def _run(self, method: str, string: str, *args: Any) -> Any:
        raise NotImplementedError

    def search(self, string: str, pos: int = 0) -> Any:
        return self._run("search", string, pos)

    def match(self, string: str, pos: int = 0) -> Any:
        return self._run("match", string, pos)

    def fullmatch(self, string: str, pos: int = 0) -> Any:
        return self._run("fullmatch", string, pos)

    def finditer(self, string: str) -> Iterator[Any]:
        return iter(list(self._run("finditer", string)))

    def findall(self, string: str) -> list[Any]:
        return list(self._run("findall", string))

    def split(self, string: str, maxsplit: int = 0) -> list[Any]:
        return list(self._run("split", string, maxsplit))


class LinearRegex(PatternMethods):
    """A JS pattern compiled by RE2: the subset of ``re.Pattern`` govlint uses (search,
    match, fullmatch, finditer, findall, split, sub) plus :meth:`test`, in time linear in
    the input. A string RE2 cannot take (a lone surrogate, which has no UTF-8 form) goes
    to ``fallback()``, the same pattern on the bounded backtracking engine."""

    __slots__ = ("_compiled", "_fallback", "_made", "_test", "_units", "flags", "groupindex",
                 "groups", "pattern", "source")

    def __init__(self, compiled: Any, test: Any, source: str, flags: str,
                 fallback: Callable[[], Any]) -> None:
        self._compiled = compiled  # re2's re-like wrapper: match objects, groups
        self._test = test  # the low-level RE2 without groups: yes/no only, fastest
        self._fallback = fallback
        self._made: Any = None
        self.pattern = compiled.pattern
        self.source = source  # as the user wrote it (messages quote it)
        self.flags = flags
        # Without u/v, JS matches UTF-16 code units: a string with astral characters goes
        # to the fallback, which matches its code units (``_regex.to_units``).
        self._units = "u" not in flags and "v" not in flags
        self.groups = compiled.groups
        self.groupindex = dict(compiled.groupindex)

    def _slow(self) -> Any:
        if self._made is None:
            self._made = self._fallback()
        return self._made

    def test(self, string: str) -> bool:
        """JS ``RegExp.prototype.test`` (no ``lastIndex``): is there a match anywhere."""
        if self._units and not string.isascii() and max(string) > "\uffff":
            return self._slow().search(string) is not None
        try:
            data = string.encode("utf-8")
        except UnicodeEncodeError:
            return self._slow().search(string) is not None
        return self._test.Match(_UNANCHORED, data, 0, len(data))[0] != _NO_MATCH

    def _run(self, method: str, string: str, *args: Any) -> Any:
        text = args[0] if method == "sub" else string
        if self._units and not text.isascii() and max(text) > "\uffff":
            return getattr(self._slow(), method)(string, *args)
        try:
            return getattr(self._compiled, method)(string, *args)
        except UnicodeEncodeError:
            return getattr(self._slow(), method)(string, *args)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return self._run("sub", repl, string, count)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"LinearRegex({self.pattern!r})"


_NO_MATCH = (-1, -1)
_UNANCHORED: Any = None


def compile_linear(source: str, flags: str, fallback: Callable[[], Any]) -> LinearRegex | None:
    """``new RegExp(source, flags)`` on RE2, or None when RE2 cannot promise JS's matches
    (or refuses the pattern: too large, an unsupported construct). ``fallback()`` makes
    the same pattern on the backtracking engine, for strings RE2 cannot read."""
    global _UNANCHORED
    translated = to_re2(source, flags)
    if translated is None:
        return None
    try:
        import re2
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    options = re2.Options()
    options.max_mem = 32 << 20  # a huge pattern falls back instead of exhausting memory
    try:
        compiled = re2.compile(translated, options)
        bare = to_re2(source, flags, capture=False) or translated
        test = re2._re2.RE2(bare.encode("utf-8"), options)
        if not test.ok():
            return None
    except Exception:  # re2.error: RE2 refuses it; the backtracking engine decides
        return None
    _UNANCHORED = re2._Anchor.UNANCHORED
    return LinearRegex(compiled, test, source, flags, fallback)
