"""Filter expressions (``[?( ... )]``): the JavaScript subset Spectral rulesets use.

A hand-written parser turns the expression into a small AST, which is compiled into
Python closures once per query. Nothing is ever passed to ``eval``: an identifier other
than the ``@`` family (``@``, ``@property``, ``@parent``, ``@parentProperty``, ``@path``,
``@root``), ``undefined`` and the jsonpath-plus type shorthands (``@string()`` ...) is a
syntax error, as in nimma, and only a fixed list of String/Array/RegExp methods can be
called. A filter that throws at run time (``null.x``, ``(1).match(...)``) is false.

Compiled filters take ``(value, key, parent, walk)``: the candidate member, its key (an
index in an array), the container holding it, and the walk's state (``path`` to the
container as a list, ``root``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from govlint.functions.core._regex import RegexTimeout, note_timeout
from govlint.rules import jsonpath_js as js
from govlint.rules.jsonpath_js import UNDEFINED, JsRegExp


class FilterSyntaxError(ValueError):
    """An invalid filter expression; ``pos`` indexes the whole JSONPath expression."""

    def __init__(self, reason: str, pos: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.pos = pos


class WalkState(Protocol):
    path: list[Any]
    root: Any


Filter = Callable[[Any, Any, Any, WalkState], bool]
_Value = Callable[[Any, Any, Any, WalkState], Any]
Node = tuple[Any, ...]

CONTEXT_NAMES = frozenset({"@", "@property", "@parent", "@parentProperty", "@path", "@root"})
SHORTHANDS = frozenset(
    {"@string", "@number", "@boolean", "@scalar", "@array", "@null", "@object", "@integer"}
)
_MAX_DEPTH = 64  # nesting of a filter expression's syntax tree

# Binary operators and their precedence (higher binds tighter), as in JavaScript.
_BINARY_PRECEDENCE = {
    "||": 1,
    "??": 1,
    "&&": 2,
    "==": 6,
    "!=": 6,
    "===": 6,
    "!==": 6,
    "<": 7,
    "<=": 7,
    ">": 7,
    ">=": 7,
    "in": 7,
    "~=": 7,
    "+": 9,
    "-": 9,
    "*": 10,
    "/": 10,
    "%": 10,
}
# Members JavaScript gives values that lack them as keys (strings/arrays have a length).
_EVERY_VALUE_HAS = js.PROTOTYPE_MEMBERS  # and methods (`@.match` on a string is a function)
_BOOLEAN_OPS = frozenset({"==", "!=", "<", "<=", ">", ">=", "in"})
_PUNCTUATORS = sorted(
    [
        "===",
        "!==",
        "==",
        "!=",
        "<=",
        ">=",
        "&&",
        "||",
        "??",
        "~=",
        "<",
        ">",
        "+",
        "-",
        "*",
        "/",
        "%",
        "!",
        "(",
        ")",
        "[",
        "]",
        ",",
        ".",
        "?",
        ":",
        "&",
        "|",
        "^",
        "~",
    ],
    key=len,
    reverse=True,
)
_UNSUPPORTED = {
    "&": "bitwise '&' (did you mean '&&'?)",
    "|": "bitwise '|' (did you mean '||'?)",
    "^": "bitwise '^'",
    "~": "bitwise '~'",
}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _is_ident_start(ch: str) -> bool:
    return ch.isalpha() or ch in "_$@" or (ch > "\x7f" and ch.isidentifier())


def _is_ident_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_$@" or (ch > "\x7f" and ("a" + ch).isidentifier())


class _Parser:
    """Recursive descent over the characters of the JSONPath expression from ``pos``."""

    def __init__(self, text: str, pos: int) -> None:
        self.text = text
        self.pos = pos
        self.depth = 0

    # --- scanning ----------------------------------------------------------------------

    def error(self, reason: str, pos: int | None = None) -> FilterSyntaxError:
        return FilterSyntaxError(reason, self.pos if pos is None else pos)

    def skip_ws(self) -> None:
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        self.pos = pos

    def peek_char(self) -> str:
        self.skip_ws()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def peek_punct(self) -> str | None:
        self.skip_ws()
        for punct in _PUNCTUATORS:
            if self.text.startswith(punct, self.pos):
                return punct
        return None

    def peek_word(self) -> str:
        self.skip_ws()
        end = self.pos
        while end < len(self.text) and _is_ident_char(self.text[end]):
            end += 1
        return self.text[self.pos : end]

    def expect(self, punct: str) -> None:
        if self.peek_punct() != punct:
            found = repr(self.text[self.pos]) if self.pos < len(self.text) else "end of input"
            raise self.error(f"expected {punct!r} but found {found}")
        self.pos += len(punct)

    # --- grammar -----------------------------------------------------------------------

    def parse_expression(self) -> Node:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise self.error("filter expression is nested too deeply")
        node = self.parse_binary(0)
        if self.peek_punct() == "?":
            self.pos += 1
            then = self.parse_expression()
            self.expect(":")
            otherwise = self.parse_expression()
            node = ("cond", node, then, otherwise)
        self.depth -= 1
        return node

    def binary_operator(self) -> str | None:
        if self.peek_word() == "in":
            return "in"
        op = self.peek_punct()
        if op in _UNSUPPORTED:
            raise self.error(f"{_UNSUPPORTED[op]} is not supported")
        return op if op in _BINARY_PRECEDENCE else None

    def parse_binary(self, min_precedence: int) -> Node:
        left = self.parse_unary()
        while True:
            op = self.binary_operator()
            if op is None or _BINARY_PRECEDENCE[op] <= min_precedence:
                return left
            op_pos = self.pos
            self.pos += len(op)
            if self.peek_char() in ("", ")", "]", ","):
                raise self.error(f"expected an expression after {op!r}", op_pos)
            right = self.parse_binary(_BINARY_PRECEDENCE[op])
            if op == "~=" and (right[0] != "lit" or type(right[1]) is not str):
                raise self.error("'~=' must be followed by a string literal", op_pos)
            if op == "~=":
                left = ("regex_test", self.make_regex(right[1], "", op_pos), left)
            elif op in ("&&", "||", "??"):
                left = ("logical", op, left, right)
            else:
                left = ("binary", op, left, right)

    def parse_unary(self) -> Node:
        word = self.peek_word()
        if word in ("typeof", "void"):
            self.pos += len(word)
            operand = self.parse_unary_operand(word)
            if word == "void" and operand[0] == "lit":
                return ("lit", UNDEFINED)  # 'void 0' is how rulesets spell undefined
            return ("unary", word, operand)
        op = self.peek_punct()
        if op in ("!", "-", "+"):
            self.pos += 1
            operand = self.parse_unary_operand(op)
            if op == "-" and operand[0] == "lit" and js.is_number(operand[1]):
                return ("lit", -operand[1])
            return ("unary", op, operand)
        if op == "~":
            raise self.error(f"{_UNSUPPORTED['~']} is not supported")
        return self.parse_postfix(self.parse_primary())

    def parse_unary_operand(self, op: str) -> Node:
        if self.peek_char() in ("", ")", "]", ","):
            raise self.error(f"expected an operand after {op!r}")
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise self.error("filter expression is nested too deeply")
        node = self.parse_unary()
        self.depth -= 1
        return node

    def parse_primary(self) -> Node:
        ch = self.peek_char()
        start = self.pos
        if ch == "":
            raise self.error("unexpected end of the filter expression")
        if ch == "(":
            self.pos += 1
            node = self.parse_expression()
            self.expect(")")
            return node
        if ch == "[":
            self.pos += 1
            return ("array", tuple(self.parse_arguments("]")))
        if ch in "'\"":
            return ("lit", self.parse_string())
        if ch.isdigit() or (ch == "." and self.text[self.pos + 1 : self.pos + 2].isdigit()):
            return ("lit", self.parse_number())
        if ch == "/":
            return ("lit", self.parse_regex())
        if _is_ident_start(ch):
            word = self.peek_word()
            self.pos += len(word)
            return self.identifier(word, start)
        raise self.error(f"unexpected {ch!r} in filter expression")

    def identifier(self, word: str, start: int) -> Node:
        if word == "true":
            return ("lit", True)
        if word == "false":
            return ("lit", False)
        if word == "null":
            return ("lit", None)
        if word == "undefined":
            return ("lit", UNDEFINED)
        if word in CONTEXT_NAMES:
            return ("ctx", word)
        if word in SHORTHANDS:
            self.expect("(")
            self.expect(")")
            return ("shorthand", word)
        if word.startswith("@"):
            raise self.error(
                f"unknown {word!r}; use one of {', '.join(sorted(CONTEXT_NAMES))} "
                f"or a type shorthand like @string()",
                start,
            )
        raise self.error(
            f"{word!r} is not defined: a filter may only reference @, @property, @parent, "
            "@parentProperty, @path and @root",
            start,
        )

    def parse_postfix(self, node: Node) -> Node:
        while True:
            punct = self.peek_punct()
            if punct == ".":
                self.pos += 1
                self.skip_ws()
                name = self.peek_word()
                if not name or name[0].isdigit():
                    raise self.error("expected a property name after '.'")
                self.pos += len(name)
                node = ("member", node, ("lit", name))
            elif punct == "[":
                self.pos += 1
                prop = self.parse_expression()
                self.expect("]")
                node = ("member", node, prop)
            elif punct == "(":
                call_pos = self.pos
                self.pos += 1
                args = tuple(self.parse_arguments(")"))
                if node[0] != "member" or node[2][0] != "lit" or type(node[2][1]) is not str:
                    raise self.error(
                        "only methods (like .match() or .includes()) can be called", call_pos
                    )
                node = ("call", node[1], node[2][1], args)
            else:
                return node

    def parse_arguments(self, closer: str) -> list[Node]:
        items: list[Node] = []
        if self.peek_punct() == closer:
            self.pos += 1
            return items
        while True:
            if self.peek_punct() in (",", closer):
                raise self.error(f"unexpected {self.peek_punct()!r}")
            items.append(self.parse_expression())
            punct = self.peek_punct()
            if punct == closer:
                self.pos += 1
                return items
            if punct != ",":
                raise self.error(f"expected ',' or {closer!r}")
            self.pos += 1

    def parse_string(self) -> str:
        text = self.text
        quote = text[self.pos]
        start = self.pos
        pos = self.pos + 1
        out: list[str] = []
        while pos < len(text):
            ch = text[pos]
            if ch == quote:
                self.pos = pos + 1
                return "".join(out)
            if ch == "\\" and pos + 1 < len(text):
                pos, decoded = _decode_escape(text, pos, self.error)
                out.append(decoded)
                continue
            out.append(ch)
            pos += 1
        raise self.error("unterminated string literal", start)

    def parse_number(self) -> int | float:
        text = self.text
        start = self.pos
        if text.startswith(("0x", "0X"), start):
            end = start + 2
            while end < len(text) and text[end] in "0123456789abcdefABCDEF":
                end += 1
            self.pos = end
            return int(text[start:end], 16)
        end = start
        while end < len(text) and text[end].isdigit():
            end += 1
        if end < len(text) and text[end] == ".":
            end += 1
            while end < len(text) and text[end].isdigit():
                end += 1
        if end < len(text) and text[end] in "eE":
            exp = end + 1
            if exp < len(text) and text[exp] in "+-":
                exp += 1
            if exp < len(text) and text[exp].isdigit():
                end = exp
                while end < len(text) and text[end].isdigit():
                    end += 1
        if end < len(text) and (_is_ident_char(text[end]) or text[end] == "."):
            raise self.error(f"invalid number {text[start : end + 1]!r}", start)
        self.pos = end
        number = float(text[start:end])
        return int(number) if number.is_integer() and abs(number) < 2**53 else number

    def parse_regex(self) -> JsRegExp:
        text = self.text
        start = self.pos
        pos = start + 1
        in_class = False
        while pos < len(text):
            ch = text[pos]
            if ch == "\\":
                pos += 2
                continue
            if ch == "[":
                in_class = True
            elif ch == "]":
                in_class = False
            elif (ch == "/" and not in_class) or ch == "\n":
                break
            pos += 1
        if pos >= len(text) or text[pos] != "/":
            raise self.error("unterminated regular expression literal", start)
        pattern = text[start + 1 : pos]
        pos += 1
        flags_start = pos
        while pos < len(text) and text[pos].isalpha():
            pos += 1
        self.pos = pos
        return self.make_regex(pattern, text[flags_start:pos], start)

    def make_regex(self, pattern: str, flags: str, pos: int) -> JsRegExp:
        try:
            return JsRegExp(pattern, flags)
        except js.RegexError as exc:
            raise self.error(str(exc), pos) from None


def _decode_escape(
    text: str, pos: int, error: Callable[[str, int], FilterSyntaxError]
) -> tuple[int, str]:
    """Decode the JS escape at ``text[pos] == '\\'``; returns the next position and text."""
    ch = text[pos + 1]
    if ch in _ESCAPES:
        return pos + 2, _ESCAPES[ch]
    if ch == "x":
        digits = text[pos + 2 : pos + 4]
        if len(digits) == 2 and all(c in "0123456789abcdefABCDEF" for c in digits):
            return pos + 4, chr(int(digits, 16))
        raise error("invalid \\x escape", pos)
    if ch == "u":
        if text.startswith("{", pos + 2):
            end = text.find("}", pos + 3)
            digits = text[pos + 3 : end] if end > 0 else ""
            if digits and all(c in "0123456789abcdefABCDEF" for c in digits):
                return end + 1, chr(int(digits, 16))
        else:
            digits = text[pos + 2 : pos + 6]
            if len(digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in digits):
                return pos + 6, chr(int(digits, 16))
        raise error("invalid \\u escape", pos)
    return pos + 2, ch


def decode_string(text: str, pos: int) -> tuple[str, int]:
    """Read a quoted string literal at ``text[pos]``: ``(value, position after it)``."""
    parser = _Parser(text, pos)
    value = parser.parse_string()
    return value, parser.pos


def parse_filter(text: str, pos: int) -> tuple[Node, int]:
    """Parse the filter expression starting at ``text[pos]`` (the ``(`` after ``?``);
    returns its AST and the position just after it."""
    parser = _Parser(text, pos)
    node = parser.parse_expression()
    parser.skip_ws()
    if _depth(node) > _MAX_DEPTH:
        # Compiled filters are nested closures: keep them far from the recursion limit.
        raise FilterSyntaxError("filter expression is nested too deeply", pos)
    return node, parser.pos


def _depth(node: Node) -> int:
    deepest = 0
    stack: list[tuple[Any, int]] = [(node, 1)]
    while stack:
        item, depth = stack.pop()
        if type(item) is not tuple or not item:
            continue
        deepest = max(deepest, depth)
        children = item if type(item[0]) is not str else item[1:]
        stack.extend((child, depth + 1) for child in children)
    return deepest


# --- compilation ---------------------------------------------------------------------


def compile_filter(node: Node) -> Filter:
    """A predicate for one filter AST; JS errors (and any Python error) make it false."""
    test = _compile_test(node)

    def run(value: Any, key: Any, parent: Any, walk: WalkState) -> bool:
        try:
            return test(value, key, parent, walk)
        except RegexTimeout as exc:  # false too, but reported (the engine takes it)
            note_timeout(exc)
            return False
        except Exception:  # a JS TypeError, a regex on odd input...: false, as in nimma
            return False

    return run


def _compile_test(node: Node) -> Callable[[Any, Any, Any, WalkState], bool]:
    """Compile ``node`` for a boolean context (only its truthiness matters)."""
    kind = node[0]
    if kind == "logical" and node[1] != "??":
        left, right = _compile_test(node[2]), _compile_test(node[3])
        if node[1] == "&&":
            return lambda v, k, p, w: left(v, k, p, w) and right(v, k, p, w)
        return lambda v, k, p, w: left(v, k, p, w) or right(v, k, p, w)
    if kind == "unary" and node[1] == "!":
        inner = _compile_test(node[2])
        return lambda v, k, p, w: not inner(v, k, p, w)
    if kind == "binary" and node[1] in ("===", "!=="):
        return _compile_strict_equality(node)
    if kind == "ctx" and node[1] == "@":
        return _truthy_value
    if kind == "binary" and node[1] in ("==", "!="):
        special = _compile_loose_string_equality(node)
        if special is not None:
            return special
    if kind == "member" and node[1] == ("ctx", "@") and node[2][0] == "lit":
        name = node[2][1]
        if type(name) is str and not name.isdigit() and name not in _EVERY_VALUE_HAS:
            truthy = js.truthy
            get_member = js.get_member

            def member_test(v: Any, k: Any, p: Any, w: WalkState) -> bool:
                if type(v) is dict:
                    return truthy(v.get(name))
                return truthy(get_member(v, name))

            return member_test
    value = _compile_value(node)
    truthy = js.truthy
    if kind in ("regex_test", "shorthand") or (kind == "binary" and node[1] in _BOOLEAN_OPS):
        return value  # these already yield booleans
    return lambda v, k, p, w: truthy(value(v, k, p, w))


def _truthy_value(v: Any, k: Any, p: Any, w: WalkState) -> bool:
    return js.truthy(v)


def _compile_loose_string_equality(node: Node) -> Callable[..., bool] | None:
    """``x == 'text'`` / ``x != 'text'``: compare strings directly, coerce only others."""
    op, left_node, right_node = node[1], node[2], node[3]
    if left_node[0] == "lit" and right_node[0] != "lit":
        left_node, right_node = right_node, left_node
    if right_node[0] != "lit" or type(right_node[1]) is not str:
        return None
    literal = right_node[1]
    left = _compile_value(left_node)
    equals = js.loose_equals

    def loose(v: Any, k: Any, p: Any, w: WalkState) -> bool:
        x = left(v, k, p, w)
        return x == literal if type(x) is str else equals(x, literal)

    if op == "==":
        return loose
    return lambda v, k, p, w: not loose(v, k, p, w)


def _compile_strict_equality(node: Node) -> Callable[[Any, Any, Any, WalkState], bool]:
    op, left_node, right_node = node[1], node[2], node[3]
    if left_node[0] == "lit" and right_node[0] != "lit":
        left_node, right_node = right_node, left_node
    negate = op == "!=="
    if right_node[0] == "lit" and type(right_node[1]) is str:
        literal = right_node[1]
        left = _compile_value(left_node)
        if negate:
            return lambda v, k, p, w: not ((x := left(v, k, p, w)) == literal and type(x) is str)
        return lambda v, k, p, w: (x := left(v, k, p, w)) == literal and type(x) is str
    left, right = _compile_value(left_node), _compile_value(right_node)
    equals = js.strict_equals
    if negate:
        return lambda v, k, p, w: not equals(left(v, k, p, w), right(v, k, p, w))
    return lambda v, k, p, w: equals(left(v, k, p, w), right(v, k, p, w))


def _compile_value(node: Node) -> _Value:
    kind = node[0]
    if kind == "lit":
        constant = node[1]
        return lambda v, k, p, w: constant
    if kind == "ctx":
        return _CONTEXT[node[1]]
    if kind == "shorthand":
        return _SHORTHAND[node[1]]
    if kind == "array":
        items = tuple(_compile_value(item) for item in node[1])
        return lambda v, k, p, w: [item(v, k, p, w) for item in items]
    if kind == "member":
        return _compile_member(node)
    if kind == "call":
        receiver = _compile_value(node[1])
        name = node[2]
        args = tuple(_compile_value(arg) for arg in node[3])
        call_method = js.call_method
        if node[1] == ("ctx", "@property"):  # nimma: String.prototype methods on a key
            to_string = js.to_string
            if name in js.STRING_METHODS:
                plain = receiver

                def receiver(v: Any, k: Any, p: Any, w: WalkState) -> Any:
                    return to_string(plain(v, k, p, w))

        return lambda v, k, p, w: call_method(
            receiver(v, k, p, w), name, tuple(arg(v, k, p, w) for arg in args)
        )
    if kind == "regex_test":
        regex = node[1].regex
        subject = _compile_value(node[2])
        to_string = js.to_string
        return lambda v, k, p, w: regex.test(to_string(subject(v, k, p, w)))
    if kind == "unary":
        return _compile_unary(node[1], _compile_value(node[2]))
    if kind == "logical":
        left, right = _compile_value(node[2]), _compile_value(node[3])
        truthy = js.truthy
        if node[1] == "&&":
            return lambda v, k, p, w: right(v, k, p, w) if truthy(x := left(v, k, p, w)) else x
        if node[1] == "||":
            return lambda v, k, p, w: x if truthy(x := left(v, k, p, w)) else right(v, k, p, w)
        return lambda v, k, p, w: (
            right(v, k, p, w) if (x := left(v, k, p, w)) is None or x is UNDEFINED else x
        )
    if kind == "cond":
        test = _compile_test(node[1])
        then, otherwise = _compile_value(node[2]), _compile_value(node[3])
        return lambda v, k, p, w: then(v, k, p, w) if test(v, k, p, w) else otherwise(v, k, p, w)
    if kind == "binary":
        if node[1] in ("===", "!=="):
            return _compile_strict_equality(node)
        return _compile_binary(node[1], _compile_value(node[2]), _compile_value(node[3]))
    raise AssertionError(f"unknown filter node {kind!r}")


def _compile_member(node: Node) -> _Value:
    obj = _compile_value(node[1])
    get_member = js.get_member
    if node[2][0] == "lit":
        name = node[2][1]
        if type(name) is str and not name.isdigit():

            def named(v: Any, k: Any, p: Any, w: WalkState) -> Any:
                target = obj(v, k, p, w)
                if type(target) is dict and name in target:
                    return target[name]
                return get_member(target, name)

            return named
        return lambda v, k, p, w: get_member(obj(v, k, p, w), name)
    prop = _compile_value(node[2])
    return lambda v, k, p, w: get_member(obj(v, k, p, w), prop(v, k, p, w))


def _compile_unary(op: str, arg: _Value) -> _Value:
    if op == "!":
        truthy = js.truthy
        return lambda v, k, p, w: not truthy(arg(v, k, p, w))
    if op == "typeof":
        typeof = js.typeof
        return lambda v, k, p, w: typeof(arg(v, k, p, w))
    if op == "void":
        return lambda v, k, p, w: (arg(v, k, p, w), UNDEFINED)[1]
    to_number = js.to_number
    if op == "-":
        return lambda v, k, p, w: -to_number(arg(v, k, p, w))
    return lambda v, k, p, w: to_number(arg(v, k, p, w))


def _compile_binary(op: str, left: _Value, right: _Value) -> _Value:
    if op == "==":
        eq = js.loose_equals
        return lambda v, k, p, w: eq(left(v, k, p, w), right(v, k, p, w))
    if op == "!=":
        eq = js.loose_equals
        return lambda v, k, p, w: not eq(left(v, k, p, w), right(v, k, p, w))
    if op in ("<", "<=", ">", ">="):
        compare = js.compare
        return lambda v, k, p, w: compare(left(v, k, p, w), right(v, k, p, w), op)
    if op == "in":
        includes = js.includes
        return lambda v, k, p, w: includes(right(v, k, p, w), left(v, k, p, w))
    if op == "+":
        add = js.add
        return lambda v, k, p, w: add(left(v, k, p, w), right(v, k, p, w))
    arithmetic = js.arithmetic
    return lambda v, k, p, w: arithmetic(left(v, k, p, w), right(v, k, p, w), op)


def _property(v: Any, k: Any, p: Any, w: WalkState) -> Any:
    return k if type(p) is list or type(k) is str else js.key_string(k)


def _parent_property(v: Any, k: Any, p: Any, w: WalkState) -> Any:
    if not w.path:
        return UNDEFINED
    key = w.path[-1]
    return key if type(key) is str or type(key) is int else js.key_string(key)


_CONTEXT: dict[str, _Value] = {
    "@": lambda v, k, p, w: v,
    "@property": _property,
    "@parent": lambda v, k, p, w: p,
    "@parentProperty": _parent_property,
    "@path": lambda v, k, p, w: js.path_string([*w.path, k]),
    "@root": lambda v, k, p, w: w.root,
}


def _is_integer(value: Any) -> bool:
    t = type(value)
    return t is int or (t is float and value.is_integer())


_SHORTHAND: dict[str, _Value] = {
    "@string": lambda v, k, p, w: type(v) is str,
    "@number": lambda v, k, p, w: type(v) is int or type(v) is float,
    "@boolean": lambda v, k, p, w: type(v) is bool,
    "@null": lambda v, k, p, w: v is None,
    "@array": lambda v, k, p, w: type(v) is list,
    "@object": lambda v, k, p, w: type(v) is dict or type(v) is list,
    "@scalar": lambda v, k, p, w: type(v) is not dict and type(v) is not list,
    "@integer": lambda v, k, p, w: _is_integer(v),
}


# --- static analysis: what a filter can be decided on without running it --------------


def references(node: Node) -> frozenset[str]:
    """The context names (``@``, ``@property``...) a filter reads; shorthands read ``@``."""
    found: set[str] = set()
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if type(item) is not tuple or not item:
            continue
        if type(item[0]) is not str:  # a tuple of nodes: call arguments, array items
            stack.extend(item)
        elif item[0] == "ctx":
            found.add(item[1])
        elif item[0] == "shorthand":
            found.add("@")
        elif item[0] != "lit":
            stack.extend(item[1:])
    return frozenset(found)


def is_key_only(node: Node) -> bool:
    """Does the filter depend on the member's key alone (``@property`` and literals)?
    Then its answer can be cached per key like a name selector."""
    return references(node) <= {"@property"}


Clauses = tuple[frozenset[str], ...]
_MAX_CLAUSES = 8


def required_keys(node: Node) -> tuple[bool, Clauses]:
    """``(needs_object, clauses)``: the filter can only be true when the candidate is an
    object (dict) that has, for every clause, at least one of the clause's keys.

    ``@.type === 'object'`` needs ``type``; ``@.enum || @.items`` needs one of the two.
    This lets the walk skip the evaluation for the many members that are scalars or
    lack those keys. Soundness is what matters: a clause left out only costs speed."""
    kind = node[0]
    if kind == "logical" and node[1] == "&&":
        left, right = required_keys(node[2]), required_keys(node[3])
        return left[0] or right[0], _simplify(left[1] + right[1])
    if kind == "logical" and node[1] == "||":
        left, right = required_keys(node[2]), required_keys(node[3])
        if not (left[0] and right[0]):
            return False, ()
        # (a1 & a2) | (b1 & b2) == (a1|b1) & (a1|b2) & (a2|b1) & (a2|b2)
        clauses = tuple(a | b for a in left[1] for b in right[1])
        return True, _simplify(clauses) if len(clauses) <= _MAX_CLAUSES else ()
    first = _member_required_by(node)
    if first is not None:
        return True, (frozenset({first}),)
    return False, ()


def required_value(node: Node) -> tuple[str, str, bool] | None:
    """``(key, text, strict)`` when the filter needs ``@[key] === text`` (``strict``) or
    ``@[key] == text`` as one of its top-level ``&&`` terms: the commonest filter shape
    (``@.type === 'object'``, ``@.in == 'query'``), cheap to check before running it."""
    kind = node[0]
    if kind == "logical" and node[1] == "&&":
        return required_value(node[2]) or required_value(node[3])
    if kind != "binary" or node[1] not in ("===", "=="):
        return None
    left, right = node[2], node[3]
    if left[0] == "lit":
        left, right = right, left
    if right[0] != "lit" or type(right[1]) is not str:
        return None
    if left[0] != "member" or left[1] != ("ctx", "@") or left[2][0] != "lit":
        return None
    name = left[2][1]
    if type(name) is not str or name in _EVERY_VALUE_HAS or name.isdigit():
        return None
    return name, right[1], node[1] == "==="


def _member_required_by(node: Node) -> str | None:
    """The member of ``@`` whose absence alone makes ``node`` false (or throw)."""
    kind = node[0]
    first = _first_member_of_current(node)
    if first is not None:
        return first  # missing: undefined (falsy), or a TypeError further down the chain
    if kind == "call":
        return _first_member_of_current(node[1])  # undefined.method(...) throws
    if kind != "binary":
        return None
    op, left, right = node[1], node[2], node[3]
    for side, other in ((left, right), (right, left)):
        first = _first_member_of_current(side)
        if first is None:
            continue
        if op in ("<", "<=", ">", ">="):
            return first  # undefined compares as NaN: false
        literal = other[1] if other[0] == "lit" else _NOT_A_LITERAL
        if literal is _NOT_A_LITERAL:
            continue
        nullish = literal is None or literal is UNDEFINED
        if op in ("===", "==") and not nullish:
            return first  # undefined equals only null/undefined
        if (op == "!==" and literal is UNDEFINED) or (op == "!=" and nullish):
            return first  # '@.x !== undefined': x is there
    return None


_NOT_A_LITERAL = object()


def _simplify(clauses: Clauses) -> Clauses:
    """Drop duplicate and implied clauses (a superset of another); smallest first."""
    unique = sorted(set(clauses), key=lambda c: (len(c), sorted(c)))
    kept: list[frozenset[str]] = []
    for clause in unique:
        if not any(other <= clause for other in kept):
            kept.append(clause)
    return tuple(kept)


def _first_member_of_current(node: Node) -> str | None:
    """For ``@.a``, ``@.a.b``, ``@['a'].length``...: ``'a'``, the member whose absence
    makes the whole chain undefined or throwing (not ``length``/``constructor``, not an
    index, which other values have too)."""
    while node[0] == "member":
        obj, prop = node[1], node[2]
        if obj == ("ctx", "@"):
            if prop[0] == "lit" and type(prop[1]) is str:
                name = prop[1]
                if name not in _EVERY_VALUE_HAS and not name.isdigit():
                    return name
            return None
        node = obj
    return None
