"""JavaScript regular expressions, compiled to RE2 or, failing that, Python ``re`` patterns.

Rulesets are written for Spectral, so their regexes are JS regexes: ``"/^x-/i"`` strings
with flags, ``\\d`` meaning ASCII digits, ``$`` meaning end of input, ``(?<name>...)``
groups. :func:`compile_js_regex` translates the differences that change what matches and
raises :class:`JsRegexError` (worded like V8) for what cannot compile, so the rules engine
can reject a broken ruleset at load time. A pattern RE2 can run with JS's meaning runs on
RE2, in linear time (:mod:`govlint.functions.core._linear`); the others (backreferences,
lookaround...) on the ``regex`` engine with a time budget.
"""

from __future__ import annotations

import functools
import re
import warnings
from typing import Any

from govlint.functions.core._linear import LinearRegex, PatternMethods, compile_linear

_SLASHED = re.compile(r"/([^\n\r\u2028\u2029]+)/([a-z]*)")
_JS_FLAGS = frozenset("dgimsuyv")
_QUANTIFIER = re.compile(r"\{\d+(?:,\d*)?\}")
_GROUP_NAME = re.compile(r"\(\?<([A-Za-z_$][\w$]*)>")
_SCOPED_FLAGS = re.compile(r"\(\?[ims]*(?:-[ims]+)?:")
_HEX2 = re.compile(r"[0-9a-fA-F]{2}")
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")
_LINE_TERMINATORS = "\\n\\r\\u2028\\u2029"
_JS_SPACE = ("\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f"
             "\\u3000\\ufeff")
_JS_BOUNDARY = r"(?:(?<=[A-Za-z0-9_])(?![A-Za-z0-9_])|(?<![A-Za-z0-9_])(?=[A-Za-z0-9_]))"
_JS_NOT_BOUNDARY = r"(?:(?<=[A-Za-z0-9_])(?=[A-Za-z0-9_])|(?<![A-Za-z0-9_])(?![A-Za-z0-9_]))"


class JsRegexError(ValueError):
    """A regex that V8 (or this translation) rejects; the message says why."""


# --- bounded evaluation -------------------------------------------------------------------
# Patterns from rulesets and documents are untrusted: ``^(a|aa)+$`` on 40 characters
# backtracks for hours in Python's ``re``, which cannot be interrupted. They run on the
# ``regex`` package (mrab-regex: maintained since 2010, monthly releases, the engine
# ``re`` descends from; VERSION0 keeps ``re``'s syntax and semantics) with its per-call
# ``timeout=``. A call that runs out raises :class:`RegexTimeout`, which rule functions let
# through and the engine reports as ``function-error`` naming the rule, pattern and value.

REGEX_TIMEOUT = 1.0  # seconds per evaluation (legitimate patterns take microseconds)
_RETRY_TIMEOUT = 0.1  # once a pattern ran out: its later evaluations get this much
_SHOWN = 60  # characters of the value quoted in a timeout message


class RegexTimeout(RuntimeError):
    """A regular expression gave up on a value: its time budget ran out."""

    def __init__(self, pattern: str, flags: str, value: str, budget: float) -> None:
        shown = value if len(value) <= _SHOWN else f"{value[:_SHOWN]}… ({len(value)} chars)"
        super().__init__(
            f"regular expression /{pattern}/{flags} gave up after {budget:g} s on {shown!r} "
            "(catastrophic backtracking)")
        self.pattern, self.value = pattern, value


class RegexTooLarge(RegexTimeout):
    """A pattern whose counted repeats would expand past :data:`MAX_EXPANSION` when the
    ``regex`` engine compiles it (``(?:(?:a{1000}){1000}){1000}``: gigabytes before any
    match); reported like a timeout, on its first evaluation."""

    def __init__(self, pattern: str, flags: str, value: str, size: int) -> None:
        RuntimeError.__init__(
            self, f"regular expression /{pattern}/{flags} not evaluated: its counted repeats "
            f"expand to about {size:,} items (limit {MAX_EXPANSION:,})")
        self.pattern, self.value = pattern, value


# The regex engine unrolls counted repeats at compile time (~280 bytes per item): the
# product of nested {n,m} bounds is what a pattern costs before it runs.
MAX_EXPANSION = 100_000


def expansion(pattern: str, flags: int = 0) -> int:
    """Items the pattern unrolls to (nested counted-repeat bounds multiplied), computed on
    ``re``'s parse tree, which does not unroll; 0 when ``re`` cannot parse it."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        tree = _parser.parse(pattern, flags)
    except Exception:  # re's parser rejects it: re.compile did earlier, so it cannot happen
        return 0
    return _tree_size(tree, 0)


def _tree_size(items: Any, depth: int) -> int:
    from re import _constants  # type: ignore[attr-defined]

    if depth > 200:
        return MAX_EXPANSION + 1
    total = 0
    for op, arg in items:
        if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT,
                  getattr(_constants, "POSSESSIVE_REPEAT", None)):
            low, high, sub = arg
            count = low if high == _constants.MAXREPEAT else max(low, high)
            total += max(count, 1) * _tree_size(sub, depth + 1)
        elif op is _constants.SUBPATTERN:
            total += _tree_size(arg[-1], depth + 1)
        elif op is _constants.BRANCH:
            total += sum(_tree_size(branch, depth + 1) for branch in arg[1])
        elif op in (_constants.ASSERT, _constants.ASSERT_NOT):
            total += _tree_size(arg[1], depth + 1)
        else:
            total += 1
        if total > MAX_EXPANSION:
            return total
    return total


_TO_REGEX_FLAGS = ((re.IGNORECASE, "I"), (re.MULTILINE, "M"), (re.DOTALL, "S"),
                   (re.ASCII, "A"), (re.VERBOSE, "X"))


# Without the u (or v) flag a JS regex reads a string as UTF-16 code units: ``/^.$/`` does
# not match "😀" (two units), ``/^..$/`` does. Such patterns are translated with astral
# characters spelt as surrogate pairs, and a subject holding astral characters is matched
# as its code units (each astral character as its pair, which Python strings can hold).
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def has_astral(string: str) -> bool:
    """Does ``string`` hold a character outside the BMP (two UTF-16 code units)?"""
    return not string.isascii() and max(string) > "\uffff"


def to_units(string: str) -> str:
    """``string`` as JS sees it without the u flag: astral characters as surrogate pairs."""
    return _ASTRAL.sub(lambda m: _pair(ord(m.group())), string)


def _pair(code: int) -> str:
    code -= 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))


def from_units(value: Any) -> Any:
    """Surrogate pairs back to characters, in a string (or a list/tuple of them)."""
    if isinstance(value, str):
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    if isinstance(value, (list, tuple)):
        return type(value)(from_units(item) for item in value)
    return value


class UnitMatch:
    """A match found on a string's UTF-16 code units: positions in units (as JS's
    ``index``), texts with surrogate pairs joined back into characters."""

    __slots__ = ("_match",)

    def __init__(self, match: Any) -> None:
        self._match = match

    def group(self, *names: Any) -> Any:
        return from_units(self._match.group(*names))

    def __getitem__(self, name: Any) -> Any:
        return from_units(self._match[name])

    def groups(self, default: Any = None) -> Any:
        return from_units(self._match.groups(default))

    def groupdict(self, default: Any = None) -> dict[str, Any]:
        return {k: from_units(v) for k, v in self._match.groupdict(default).items()}

    def __getattr__(self, name: str) -> Any:  # start, end, span, re, pos...
        return getattr(self._match, name)


class BoundedRegex(PatternMethods):
    """A compiled pattern whose every evaluation has a time budget; the subset of
    ``re.Pattern`` govlint uses (search, match, fullmatch, finditer, findall, split, sub)."""

    __slots__ = ("_compiled", "_js_flags", "_timeout", "_too_large", "_units", "flags",
                 "groupindex", "groups", "pattern", "source")

    def __init__(self, compiled: re.Pattern[str], source: str | None = None,
                 js_flags: str = "", real: str | None = None) -> None:
        import regex

        flags = regex.VERSION0
        for py_flag, name in _TO_REGEX_FLAGS:
            if compiled.flags & py_flag:
                flags |= getattr(regex, name)
        size = expansion(compiled.pattern, compiled.flags)
        self._too_large = size if size > MAX_EXPANSION else 0
        # ``real``: the pattern with \\p{...}, which ``re`` checked with letters in their place
        pattern = compiled.pattern if real is None else real
        self._compiled = None if self._too_large else regex.compile(pattern, flags)
        self.pattern = pattern
        self.source = compiled.pattern if source is None else source  # as the user wrote it
        self._js_flags = js_flags
        self._units = "u" not in js_flags and "v" not in js_flags
        self.flags = compiled.flags
        self.groups = compiled.groups
        self.groupindex = compiled.groupindex
        self._timeout = REGEX_TIMEOUT

    def _run(self, method: str, string: str, *args: Any) -> Any:
        if self._compiled is None:
            raise RegexTooLarge(self.source, self._js_flags, string, self._too_large)
        units = self._units and has_astral(string)
        try:
            result = getattr(self._compiled, method)(to_units(string) if units else string,
                                                     *args, timeout=self._timeout)
            if method == "finditer":
                result = list(result)
            if not units or result is None:
                return result
            if method == "finditer":
                return [UnitMatch(match) for match in result]
            return UnitMatch(result) if method in ("search", "match", "fullmatch") else \
                from_units(result)
        except TimeoutError:
            budget, self._timeout = self._timeout, _RETRY_TIMEOUT
            raise RegexTimeout(self.source, self._js_flags, string, budget) from None

    def test(self, string: str) -> bool:
        """JS ``RegExp.prototype.test`` (no ``lastIndex``): is there a match anywhere."""
        return self._run("search", string, 0) is not None

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        if self._compiled is None:
            raise RegexTooLarge(self.source, self._js_flags, string, self._too_large)
        if self._units and has_astral(string):
            string = to_units(string)
            if callable(repl):
                repl = (lambda f: lambda m: f(UnitMatch(m)))(repl)
        try:
            return from_units(self._compiled.sub(repl, string, count,  # type: ignore[no-any-return]
                                                 timeout=self._timeout))
        except TimeoutError:
            budget, self._timeout = self._timeout, _RETRY_TIMEOUT
            raise RegexTimeout(self.source, self._js_flags, string, budget) from None

    def __repr__(self) -> str:
        return f"BoundedRegex({self.pattern!r})"


def bounded(compiled: re.Pattern[str], source: str | None = None,
            js_flags: str = "", real: str | None = None) -> BoundedRegex:
    """``compiled`` (checked by ``re``) to evaluate with a time budget; ``source``: the
    pattern as the user wrote it (messages quote it)."""
    try:
        return BoundedRegex(compiled, source, js_flags, real)
    except Exception as exc:  # regex.error: a construct ``re`` accepts and regex does not
        raise JsRegexError(f"Invalid regular expression: /{source or compiled.pattern}/"
                           f"{js_flags}: {exc} (not supported by govlint)") from None


@functools.lru_cache(maxsize=2048)
def compile_bounded(pattern: str) -> BoundedRegex:
    """A pattern in Python/RE2 syntax (a CRD's ``pattern``), evaluated with a time budget;
    ``re.error`` when it does not compile."""
    return BoundedRegex(re.compile(pattern), pattern)


def no_retrieval_registry() -> Any:
    """A ``referencing`` registry that retrieves nothing: a ``$ref`` to ``http://`` or
    ``file://`` in a linted schema is unresolvable instead of a request or a file read
    (jsonschema's default retrieves both)."""
    from referencing import Registry

    return Registry()


# Timeouts inside JSONPath filters, where an exception only makes the filter false: the
# engine takes them after each document and reports them (see :func:`take_timeouts`).
_PENDING: list[RegexTimeout] = []


def note_timeout(exc: RegexTimeout) -> None:
    if len(_PENDING) < 100:
        _PENDING.append(exc)


def take_timeouts() -> list[RegexTimeout]:
    """The timeouts noted since the last call (and forget them)."""
    out = list(_PENDING)
    _PENDING.clear()
    return out


# What a JS pattern compiles to: RE2 (linear time) or the bounded backtracking engine.
JsPattern = LinearRegex | BoundedRegex


@functools.lru_cache(maxsize=2048)
def compile_js_regex(pattern: str) -> JsPattern:
    """Compile a Spectral-style regex: ``"/source/flags"`` or a bare ``"source"``.

    Use ``.search()`` on the result, as JS ``RegExp.prototype.test`` does.
    """
    slashed = _SLASHED.fullmatch(pattern)
    if slashed:
        return compile_js_source(slashed.group(1), slashed.group(2))
    return compile_js_source(pattern, "")


@functools.lru_cache(maxsize=2048)
def compile_js_source(source: str, flags: str = "") -> JsPattern:
    """Compile ``new RegExp(source, flags)``: on RE2 when it keeps the pattern's meaning
    (linear time), else evaluated with a time budget. The one helper for every JS
    pattern: ruleset options, JSON Schema ``pattern``, JSONPath filter literals."""
    if any(f not in _JS_FLAGS for f in flags) or len(set(flags)) != len(flags):
        raise JsRegexError(f"Invalid flags supplied to RegExp constructor '{flags}'")
    if "u" in flags and "v" in flags:
        raise JsRegexError(f"Invalid flags supplied to RegExp constructor '{flags}'")
    try:
        translator = _Translator(source, flags)
        translated = translator.run()
        real = translated if translator.properties else None
        if real is not None:
            translated = translator.plain()
        py_flags = 0
        if "i" in flags:
            py_flags |= re.IGNORECASE
        if "m" in flags:
            py_flags |= re.MULTILINE
        if "s" in flags:
            py_flags |= re.DOTALL
        if "y" in flags:
            translated = rf"\A(?:{translated})"
            real = real and rf"\A(?:{real})"
        with warnings.catch_warnings():
            # Python warns about "[[" or "&&" inside classes (future set syntax); in JS
            # they are literals, as they still are in Python.
            warnings.simplefilter("ignore", FutureWarning)
            compiled = re.compile(translated, py_flags)
    except (re.error, _SyntaxError) as exc:
        reason = _v8_reason(exc.msg) if isinstance(exc, re.error) else str(exc)
        raise JsRegexError(f"Invalid regular expression: /{source}/{flags}: {reason}") from None
    # Valid for V8 (checked above, with V8's messages): RE2 when it means the same.
    if real is not None:  # \\p{...}: the regex engine (RE2 lacks most aliases)
        return bounded(compiled, source, flags, real)
    return compile_linear(source, flags, lambda: bounded(compiled, source, flags)) or \
        bounded(compiled, source, flags)


# Python's reason -> V8's, for the errors both engines raise.
_V8_REASONS = (
    ("missing ), unterminated subpattern", "Unterminated group"),
    ("unbalanced parenthesis", "Unmatched ')'"),
    ("multiple repeat", "Nothing to repeat"),
    ("nothing to repeat", "Nothing to repeat"),
    ("bad character range", "Range out of order in character class"),
    ("unknown group name", "Invalid named capture referenced"),
    ("redefinition of group name", "Duplicate capture group name"),
    ("min repeat greater than max repeat", "numbers out of order in {} quantifier"),
    ("look-behind requires fixed-width pattern", "variable-width look-behind is not supported"),
)


def _v8_reason(reason: str) -> str:
    for python, v8 in _V8_REASONS:
        if reason.startswith(python):
            return v8
    return reason


class _SyntaxError(Exception):
    pass


_GROUP_SCAN = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|(\((?!\?)|\(\?<(?![=!]))", re.S)


def _count_groups(source: str) -> int:
    """Capturing groups in a JS pattern (escapes and classes skipped): decides whether
    ``\\N`` is a backreference."""
    return sum(1 for m in _GROUP_SCAN.finditer(source) if m.group(1))


class _NotIn(str):
    r"""``\D``, ``\W`` or ``\S`` inside a class, holding JavaScript's positive set (the
    ``regex`` engine's own ``\D``... are Unicode's: ``[\W]`` would not match "é")."""


def _without_negated_escapes(items: list[Any]) -> list[Any]:
    r"""A class ``[...]`` (its items, ``[`` or ``[^`` to ``]``) holding negated escapes as
    the same set without classes of negations: ``[a\D]`` is ``(?:[a]|[^0-9])``,
    ``[^a\D\W]`` (neither ``a`` nor a non-digit nor a non-word character) is
    ``(?:(?![a])(?=[0-9])[A-Za-z0-9_])``."""
    members = [item for item in items[1:-1] if not isinstance(item, _NotIn)]
    sets = [str(item) for item in items[1:-1] if isinstance(item, _NotIn)]
    out: list[Any] = ["(?:"]
    if items[0] == "[^":
        if members:
            out += ["(?![", *members, "])"]
        for positive in sets[:-1]:
            out.append(f"(?=[{positive}])")
        out.append(f"[{sets[-1]}]")
    else:
        if members:
            out += ["[", *members, "]|"]
        out.append("|".join(f"[^{positive}]" for positive in sets))
    out.append(")")
    return out


class _Translator:
    """One left-to-right pass over a JS pattern, emitting the Python equivalent."""

    def __init__(self, source: str, flags: str) -> None:
        self.src = source
        self.unicode = "u" in flags or "v" in flags
        self.multiline = "m" in flags
        self.dotall = "s" in flags
        self.named = self.unicode or _GROUP_NAME.search(source) is not None
        self.out: list[str] = []
        self.pos = 0
        self.in_class = False
        self.total_groups = _count_groups(source)
        self.properties = False  # \\p{...} was translated: only ``regex`` reads it
        self.icase_u = "i" in flags and "u" in flags
        self.opened = 0  # capturing groups opened so far
        self.open_groups: list[int] = []  # capture numbers (0: not capturing) still open
        self.cls_prev: str | None = None  # the class's last atom, if it can start a range
        self.cls_range = False  # a range's "-" was read: the next atom ends it
        self.cls_start = 0  # where the open class starts in ``out``

    def run(self) -> str:
        src = self.src
        while self.pos < len(src):
            ch = src[self.pos]
            if ch == "\\":
                self._escape()
            elif self.in_class:
                self._class_char(ch)
            else:
                self._outside(ch)
        if self.in_class:
            raise _SyntaxError("Unterminated character class")
        return "".join(self.out)

    def plain(self) -> str:
        """The translation with each property escape as one letter: ``re`` checks it."""
        return "".join("a" if isinstance(item, _Property) else item for item in self.out)

    def _class_char(self, ch: str) -> None:
        """A class member. A ``-`` next to a class escape (``[\\w-.]``, ``[a-\\d]``) is a
        literal in V8 without the u flag (Annex B) and an error with it."""
        src, pos = self.src, self.pos
        self.pos += 1
        if ch == "]":
            self.in_class = False
            self.out.append(ch)
            if any(isinstance(item, _NotIn) for item in self.out[self.cls_start:]):
                self.out[self.cls_start:] = _without_negated_escapes(self.out[self.cls_start:])
            return
        if ch > "\uffff" and not self.unicode:  # two code units: two class members
            self.out.append(to_units(ch)[0])
            self._class_atom("char")
            ch = to_units(ch)[1]
        if ch != "-" or self.cls_prev is None or src[pos + 1:pos + 2] in ("]", ""):
            self.out.append(r"\-" if ch == "-" else ch)
            self._class_atom("char")
            return
        escape_next = src[pos + 1] == "\\" and src[pos + 2:pos + 3] in tuple("dDwWsSpP")
        if self.cls_prev == "escape" or escape_next:
            if self.unicode:
                raise _SyntaxError("Invalid character class")
            self.out.append(r"\-")
        else:
            self.out.append("-")
        self.cls_range = True  # the next atom ends the range (or the Annex B triple)

    def _class_atom(self, kind: str) -> None:
        """Track range state after a class atom: ``char`` or ``escape`` (``\\d``...)."""
        if self.cls_range:
            self.cls_range, self.cls_prev = False, None
        else:
            self.cls_prev = kind

    def _outside(self, ch: str) -> None:
        src, pos = self.src, self.pos
        if ch == "[":
            if src.startswith("[^]", pos):
                self.out.append(r"[\s\S]")
                self.pos += 3
            elif src.startswith("[]", pos):
                self.out.append("(?!)")
                self.pos += 2
            else:
                self.in_class = True
                self.cls_prev, self.cls_range = None, False
                self.cls_start = len(self.out)
                self.out.append("[^" if src.startswith("[^", pos) else "[")
                self.pos += 2 if src.startswith("[^", pos) else 1
            return
        if ch == "(":
            self._group()
            return
        if ch == ")" and self.open_groups:
            self.open_groups.pop()
        if ch == ".":
            self.out.append("." if self.dotall else f"[^{_LINE_TERMINATORS}]")
        elif ch == "$":
            self.out.append(r"(?:$|(?=[\r\u2028\u2029]))" if self.multiline else r"\Z")
        elif ch == "^":
            self.out.append(r"(?:^|(?<=[\r\u2028\u2029]))" if self.multiline else "^")
        elif ch > "\uffff" and not self.unicode:
            self.out.append(to_units(ch))
        elif ch == "{":
            quantifier = _QUANTIFIER.match(src, pos)
            if quantifier:
                self.out.append(quantifier.group())
                self.pos = quantifier.end()
                self._after_quantifier()
                return
            self.out.append(r"\{")
        elif ch in "*+?":
            self.out.append(ch)
            self.pos += 1
            self._after_quantifier()
            return
        else:
            self.out.append(ch)
        self.pos += 1

    def _after_quantifier(self) -> None:
        """``a++`` / ``a*+`` are possessive in Python but "Nothing to repeat" in JS."""
        src = self.src
        if self.pos < len(src) and src[self.pos] == "?":
            self.out.append("?")
            self.pos += 1
        elif self.pos < len(src) and src[self.pos] == "+":
            raise _SyntaxError("Nothing to repeat")

    def _group(self) -> None:
        src, pos = self.src, self.pos
        if not src.startswith("(?", pos):
            self.out.append("(")
            self.pos += 1
            self.opened += 1
            self.open_groups.append(self.opened)
            return
        named = _GROUP_NAME.match(src, pos)
        if named:
            self.opened += 1
            self.open_groups.append(self.opened)
            self.out.append(f"(?P<{self._name(named.group(1))}>")
            self.pos = named.end()
            return
        self.open_groups.append(0)
        for prefix in ("(?:", "(?=", "(?!", "(?<=", "(?<!"):
            if src.startswith(prefix, pos):
                self.out.append(prefix)
                self.pos += len(prefix)
                return
        scoped = _SCOPED_FLAGS.match(src, pos)
        if scoped:
            self.out.append(scoped.group())
            self.pos = scoped.end()
            return
        raise _SyntaxError(
            "Invalid capture group name" if src.startswith("(?<", pos) else "Invalid group"
        )

    @staticmethod
    def _name(name: str) -> str:
        if "$" in name:
            raise _SyntaxError(f"group name {name!r} is not supported")
        return name

    def _escape(self) -> None:
        src, pos = self.src, self.pos
        if pos + 1 >= len(src):
            raise _SyntaxError("\\ at end of pattern")
        ch = src[pos + 1]
        if self.in_class:
            self._escape_body(src, pos, ch)
            self._class_atom("escape" if ch in "dDwWsSpP" else "char")
        elif ch in "123456789":
            self._decimal_escape()
        else:
            self._escape_body(src, pos, ch)

    def _decimal_escape(self) -> None:
        """``\\N`` outside a class: a backreference when the pattern has N groups (one not
        closed yet matches empty, as in V8, and so does one that did not take part);
        without the u flag otherwise Annex B: ``\\8``/``\\9`` are literals, ``\\1``-``\\7``
        legacy octal escapes."""
        src = self.src
        digits = re.match(r"\d+", src[self.pos + 1:]).group()  # type: ignore[union-attr]
        number = int(digits)
        if number <= self.total_groups:
            self.pos += 1 + len(digits)
            if number > self.opened or number in self.open_groups:
                self.out.append("(?:)")
            else:
                self.out.append(f"(?({number})\\{number}|)")
            return
        if self.unicode:
            raise _SyntaxError("Invalid escape")
        self.pos += 2
        first = digits[0]
        if first in "89":
            self.out.append(first)
            return
        octal = re.match(r"[0-7]{1,2}" if first <= "3" else r"[0-7]?", src[self.pos:])
        extra = octal.group() if octal else ""
        self.pos += len(extra)
        self.out.append(re.escape(chr(int(first + extra, 8))))

    def _escape_body(self, src: str, pos: int, ch: str) -> None:
        self.pos += 2
        inside = self.in_class
        if ch == "d":
            self.out.append("0-9" if inside else "[0-9]")
        elif ch == "D":
            self.out.append(_NotIn("0-9") if inside else "[^0-9]")
        elif ch == "w":
            self.out.append("A-Za-z0-9_" if inside else "[A-Za-z0-9_]")
        elif ch == "W":
            self.out.append(_NotIn("A-Za-z0-9_") if inside else "[^A-Za-z0-9_]")
        elif ch == "S" and inside:
            self.out.append(_NotIn(_JS_SPACE))
        elif ch == "s" or ch == "S":
            # JS's \s (WhiteSpace and LineTerminator), not Python's Unicode \s (\x85...)
            self.out.append(_JS_SPACE if inside else f"[{'^' if ch == 'S' else ''}{_JS_SPACE}]")
        elif ch in "bB" and not inside:  # ASCII word boundaries, as JS
            self.out.append(_JS_BOUNDARY if ch == "b" else _JS_NOT_BOUNDARY)
        elif ch in "sSbBnrtfv" or ch == "0":
            if ch == "0" and self.unicode and src[self.pos:self.pos + 1].isdigit():
                raise _SyntaxError("Invalid class escape" if inside else "Invalid decimal escape")
            self.out.append("\\" + ch)
        elif ch.isdigit():  # inside a class: no backreference
            if self.unicode:
                raise _SyntaxError("Invalid class escape")
            if ch in "89":
                self.out.append(ch)
            else:
                octal = re.match(r"[0-7]{1,2}" if ch <= "3" else r"[0-7]?", src[self.pos:])
                extra = octal.group() if octal else ""
                self.pos += len(extra)
                self.out.append(re.escape(chr(int(ch + extra, 8))))
        elif ch == "c":
            if self.pos < len(src) and src[self.pos].isascii() and src[self.pos].isalpha():
                self.out.append(re.escape(chr(ord(src[self.pos]) % 32)))
                self.pos += 1
            else:
                self.out.append(r"\\c")
        elif ch == "x":
            if _HEX2.match(src, self.pos):
                self.out.append(src[pos : self.pos + 2])
                self.pos += 2
            else:
                self._literal("x")
        elif ch == "u":
            self._unicode_escape(pos)
        elif ch == "k" and self.named:
            name = re.match(r"<([A-Za-z_$][\w$]*)>", src[self.pos :])
            if not name:
                raise _SyntaxError("Invalid named reference")
            self.out.append(f"(?P={self._name(name.group(1))})")
            self.pos += name.end()
        elif ch in "pP" and self.unicode:
            self._property_escape(ch)
        elif ch.isascii() and ch.isalnum():
            self._literal(ch)
        else:
            self.out.append(re.escape(ch if self.unicode else to_units(ch)))

    def _literal(self, ch: str) -> None:
        """``\\e`` is an identity escape in JS (an error with the u flag)."""
        if self.unicode:
            raise _SyntaxError("Invalid escape")
        self.out.append(re.escape(ch))

    def _unicode_escape(self, start: int) -> None:
        src = self.src
        if self.unicode and src.startswith("{", self.pos):
            end = src.find("}", self.pos)
            digits = src[self.pos + 1 : end] if end > 0 else ""
            if not digits or any(c not in "0123456789abcdefABCDEF" for c in digits):
                raise _SyntaxError("Invalid Unicode escape")
            self.out.append(re.escape(chr(int(digits, 16))))
            self.pos = end + 1
            return
        if not _HEX4.match(src, self.pos):
            self._literal("u")
            return
        code = int(src[self.pos : self.pos + 4], 16)
        self.pos += 4
        # With the u flag a surrogate pair spells one astral character (Python strings hold
        # code points); without it the pattern works on code units, as the subject then.
        if self.unicode and 0xD800 <= code <= 0xDBFF and src.startswith("\\u", self.pos):
            low = src[self.pos + 2 : self.pos + 6]
            if _HEX4.fullmatch(low) and 0xDC00 <= int(low, 16) <= 0xDFFF:
                code = 0x10000 + ((code - 0xD800) << 10) + (int(low, 16) - 0xDC00)
                self.pos += 6
        self.out.append(re.escape(chr(code)))

    def _property_escape(self, ch: str) -> None:
        """``\\p{...}`` / ``\\P{...}`` (u or v flag): General_Category values, Script and
        Script_Extensions values and binary properties, as the ``regex`` engine spells them
        (same Unicode data; it knows every alias). Names are checked against its tables."""
        src = self.src
        match = re.match(r"\{(?:([A-Za-z_]+)=)?([A-Za-z0-9_]+)\}", src[self.pos:])
        if not match:
            raise _SyntaxError("Invalid property name")
        key, value = match.group(1), match.group(2)
        self.pos += match.end()
        if not _property_known(key, value):
            raise _SyntaxError("Invalid property name" + (" in character class"
                                                          if self.in_class else ""))
        if ch == "P" and self.icase_u:
            # V8 without v closes the complement under case folding (/\P{Lu}/iu matches
            # "A"); the regex engine does not: refused rather than answered differently.
            raise _SyntaxError(f"\\P{{{match.group()[1:-1]}}} with the i and u flags is not "
                               "supported by govlint (use the v flag)")
        if key is None:
            text = f"\\{ch}{{{value}}}"
        else:
            key = {"General_Category": "gc", "gc": "gc", "Script": "sc", "sc": "sc",
                   "Script_Extensions": "scx", "scx": "scx"}[key]
            text = f"\\{ch}{{{key}={value}}}"
        self.properties = True
        self.out.append(_Property(text))


class _Property(str):
    """A property escape in the output: the ``regex`` engine's syntax, which ``re`` (that
    checks the rest of the pattern) does not read."""


# JS property names (ECMA-262 table "Binary Unicode property aliases"), those without =.
_JS_BINARY = frozenset(str.split("""\
ASCII ASCII_Hex_Digit AHex Alphabetic Alpha Any Assigned Bidi_Control Bidi_C Bidi_Mirrored
Bidi_M Case_Ignorable CI Cased Changes_When_Casefolded CWCF Changes_When_Casemapped CWCM
Changes_When_Lowercased CWL Changes_When_NFKC_Casefolded CWKCF Changes_When_Titlecased CWT
Changes_When_Uppercased CWU Dash Default_Ignorable_Code_Point DI Deprecated Dep Diacritic
Dia Emoji Emoji_Component EComp Emoji_Modifier EMod Emoji_Modifier_Base EBase
Emoji_Presentation EPres Extended_Pictographic ExtPict Extender Ext Grapheme_Base Gr_Base
Grapheme_Extend Gr_Ext Hex_Digit Hex IDS_Binary_Operator IDSB IDS_Trinary_Operator IDST
ID_Continue IDC ID_Start IDS Ideographic Ideo Join_Control Join_C Logical_Order_Exception
LOE Lowercase Lower Math Noncharacter_Code_Point NChar Pattern_Syntax Pat_Syn
Pattern_White_Space Pat_WS Quotation_Mark QMark Radical Regional_Indicator RI
Sentence_Terminal STerm Soft_Dotted SD Terminal_Punctuation Term Unified_Ideograph UIdeo
Uppercase Upper Variation_Selector VS White_Space space XID_Continue XIDC XID_Start XIDS"""))
# General_Category values (PropertyValueAliases.txt), short and long.
_JS_GC = frozenset(str.split("""\
C Other Cc Control cntrl Cf Format Cn Unassigned Co Private_Use Cs Surrogate L Letter LC
Cased_Letter Ll Lowercase_Letter Lm Modifier_Letter Lo Other_Letter Lt Titlecase_Letter Lu
Uppercase_Letter M Mark Combining_Mark Mc Spacing_Mark Me Enclosing_Mark Mn
Nonspacing_Mark N Number Nd Decimal_Number digit Nl Letter_Number No Other_Number P
Punctuation punct Pc Connector_Punctuation Pd Dash_Punctuation Pe Close_Punctuation Pf
Final_Punctuation Pi Initial_Punctuation Po Other_Punctuation Ps Open_Punctuation S Symbol
Sc Currency_Symbol Sk Modifier_Symbol Sm Math_Symbol So Other_Symbol Z Separator Zl
Line_Separator Zp Paragraph_Separator Zs Space_Separator"""))


def _property_known(key: str | None, value: str) -> bool:
    """Is ``\\p{key=value}`` (or ``\\p{value}``) valid in V8? Script values are checked
    against the ``regex`` engine's tables (case and underscores as Unicode spells them:
    a capital first letter)."""
    if key is None:
        return value in _JS_BINARY or value in _JS_GC
    if key in ("General_Category", "gc"):
        return value in _JS_GC
    if key not in ("Script", "sc", "Script_Extensions", "scx"):
        return False
    if not value[:1].isupper() or value in ("Katakana_Or_Hiragana", "Hrkt"):
        return False
    from regex import _regex_core

    scripts = _regex_core.PROPERTIES["SCRIPT"][1]
    return value.replace("_", "").upper() in scripts
