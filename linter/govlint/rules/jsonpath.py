"""JSONPath in Spectral's dialect (nimma / jsonpath-plus), every query matched in one walk.

Syntax: ``$``, ``.name``, ``['name']``/``["name"]``, ``[0]``, ``*``/``[*]``, unions
``[a,b]``/``['get','put']``/``[0,1]``, slices ``[1:3]``/``[-1:]``/``[(@.length-1)]``,
recursive descent ``..name``/``..[...]``/``..*`` (and nimma's ``.[`` = ``..[``), a trailing
``..`` (every container), filters ``[?( js )]`` (see ``jsonpath_filter``), type shorthands
``.@string()``, and the modifiers ``^`` (parent; repeatable) and ``~`` (the member's key:
the value is the key, the path the member's).

Spectral's leniencies, with its results (docs/spectral-compat.md): ``$name`` is the root's
member named ``$name`` (jsonpath-plus: ``given: $ref``, ``field: $ref``); a quoted name
after a dot (``$.paths.'/status'``); a trailing ``.`` is ignored (``$.``, ``$.info.``);
steps after ``^`` continue from the parent (``...[?(@property === 'name')]^.schema``).

Each query compiles to a list of steps (an NFA over paths). ``Matcher`` walks a document
once, carrying the set of live (query, step) states per node as an interned DFA state
whose key-driven transitions are cached, so a document costs one dict lookup per member
plus filter evaluations; a subtree where no state is live is never entered, so queries
without ``..`` visit only the prefixes they name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from govlint.memory import collector_paused
from govlint.rules import jsonpath_filter as jf
from govlint.rules.jsonpath_js import key_string

__all__ = ["JsonPathError", "Matcher", "Query", "compile_path"]

Path = tuple[Any, ...]
# (value, key, parent, walk) -> bool; a filter or an index/slice test.
Predicate = Callable[[Any, Any, Any, Any], bool]

# Past this depth a walk stops descending: no real document is that deep, and it keeps
# Python's recursion limit (and self-referencing YAML) from ever becoming a traceback.
MAX_DEPTH = 256


class JsonPathError(ValueError):
    """An invalid JSONPath expression; the message says what and where (0-based)."""

    def __init__(self, expression: str, reason: str, position: int) -> None:
        near = expression[position : position + 12]
        where = f" (at {near!r})" if near else " (at the end)"
        super().__init__(f"{reason} at position {position}{where}")
        self.expression = expression
        self.reason = reason
        self.position = position


@dataclass(frozen=True, slots=True)
class Step:
    """One path step: which members of a container it selects; ``deep`` for ``..``."""

    deep: bool
    wildcard: bool = False
    names: frozenset[str] = frozenset()  # member names / indexes as JS property keys
    # A filter on the key alone (``@property ...``): answered once per key, then cached.
    key_predicate: Callable[[Any, bool], bool] | None = None
    # Anything else (filter on the value, shorthand, slice, negative index), run per
    # member; when ``needs_object`` it can only hold for a dict that has ``needs_key`` and
    # one key of each of ``needs_any``.
    predicate: Predicate | None = None
    needs_object: bool = False
    needs_key: str | None = None
    needs_any: tuple[frozenset[str], ...] = ()
    # (key, text, strict): ``@[key] === text`` (or ``==``) is one of the filter's terms
    needs_value: tuple[str, str, bool] | None = None
    text: str = ""
    # False for filters reading where the member sits (@path, @parentProperty): their
    # answer inside a shared container depends on how the walk reached it.
    context_free: bool = True

    @property
    def is_fixed(self) -> bool:
        return (
            not self.deep
            and not self.wildcard
            and self.predicate is None
            and self.key_predicate is None
        )


@dataclass(frozen=True, slots=True)
class Query:
    """A compiled JSONPath expression (see ``compile_path``)."""

    expression: str
    steps: tuple[Step, ...]
    accepts: frozenset[int]  # step positions at which a node matches
    parents: int = 0  # '^' count
    key: bool = False  # trailing '~'
    containers_only: bool = False  # trailing '..' matches objects and arrays only
    # Steps after '^' ('...]^.schema'): a query run from each parent reached.
    rest: Query | None = None

    def __str__(self) -> str:
        return self.expression


def compile_path(expr: str) -> Query:
    """Parse and compile ``expr``; raises ``JsonPathError`` when it is not valid.

    Compiled once per expression per process: the ruleset loader (which validates) and the
    engine (which runs) share the result; a ``Query`` is immutable.
    """
    if not isinstance(expr, str):
        raise JsonPathError(str(expr), f"a JSONPath must be a string, not {type(expr).__name__}", 0)
    return _compile_cached(expr)


@lru_cache(maxsize=4096)
def _compile_cached(expr: str) -> Query:
    return _PathParser(expr).parse()


def shared_safe(query: Query) -> bool:
    """Whether a walk may skip a container it meets again in the same state: not when the
    query climbs out of it ('^') or a filter reads how it was reached (@path)."""
    return not query.parents and all(step.context_free for step in query.steps)


# --- parsing ---------------------------------------------------------------------------

_NAME_STOP = frozenset(".[]~^()'\",?*@ \t\r\n")
_INDEX = re.compile(r"-?[0-9]+")
_SLICE = re.compile(r"(-?[0-9]+)?:(-?[0-9]+)?(:(-?[0-9]+)?)?")


class _PathParser:
    def __init__(self, expr: str) -> None:
        self.expr = expr
        self.pos = 0

    def error(self, reason: str, pos: int | None = None) -> JsonPathError:
        return JsonPathError(self.expr, reason, self.pos if pos is None else pos)

    def skip_ws(self) -> None:
        while self.pos < len(self.expr) and self.expr[self.pos] in " \t\r\n":
            self.pos += 1

    def at(self, text: str) -> bool:
        return self.expr.startswith(text, self.pos)

    def parse(self) -> Query:
        expr = self.expr
        self.skip_ws()
        if not self.at("$"):
            found = repr(expr[self.pos]) if self.pos < len(expr) else "end of input"
            raise self.error(f"a JSONPath must start with '$', found {found}")
        self.pos += 1
        steps: list[Step] = []
        all_parents = False
        if self.pos < len(expr) and expr[self.pos] not in _NAME_STOP:
            # jsonpath-plus reads '$ref' as the root's member '$ref' ('$' is a step only
            # when a separator follows it): Spectral's `given: $ref`, `field: $ref`.
            name = "$" + self.parse_name()
            steps.append(Step(deep=False, names=frozenset({name}), text=name))
        while True:
            self.skip_ws()
            if self.pos >= len(expr) or self.at("^") or self.at("~"):
                break
            if self.at(".."):
                self.pos += 2
                self.skip_ws()
                if self.pos >= len(expr) or self.at("^") or self.at("~"):
                    all_parents = True
                    steps.append(Step(deep=True, wildcard=True, text=".."))
                    break
                steps.append(self.parse_after_dot(deep=True))
            elif self.at(".["):
                self.pos += 2  # jsonpath-plus/nimma: '.[' descends like '..['
                steps.append(self.parse_bracket(deep=True))
            elif self.at("."):
                self.pos += 1
                self.skip_ws()
                if self.pos >= len(expr):
                    break  # a trailing '.' ('$.', '$.info.'): ignored, as in nimma
                steps.append(self.parse_after_dot(deep=False))
            elif self.at("["):
                self.pos += 1
                steps.append(self.parse_bracket(deep=False))
            elif self.at("@") and steps:
                # '$..*@string()': jsonpath-plus's type selector narrows the last step.
                start = self.pos
                type_filter = self.parse_shorthand(deep=False)
                if steps[-1].text == "..":
                    raise self.error("a type selector cannot follow a bare '..'", start)
                steps[-1] = _narrowed(steps[-1], type_filter)
            else:
                raise self.error(
                    f"expected '.', '..', '[', '^', '~' or the end, found {expr[self.pos]!r}"
                )
        parents, key = self.parse_modifiers()
        if not steps and (parents or key):
            raise self.error("'^' and '~' need a step before them: '$' has no parent or key", 1)
        rest = None
        if self.pos < len(expr):  # '^' then more steps: a query from the parent
            start = self.pos
            try:
                rest = _PathParser("$" + expr[start:]).parse()
            except JsonPathError as exc:
                raise self.error(exc.reason, start + max(exc.position - 1, 0)) from None
        if all_parents:
            accepts = frozenset({len(steps) - 1, len(steps)})
        else:
            accepts = frozenset({len(steps)})
        return Query(expr, tuple(steps), accepts, parents, key, containers_only=all_parents,
                     rest=rest)

    def parse_modifiers(self) -> tuple[int, bool]:
        parents, key = 0, False
        while self.pos < len(self.expr):
            if self.at("^") and not key:
                parents += 1
            elif self.at("~") and not key:
                key = True
            elif self.expr[self.pos] in " \t\r\n":
                pass
            elif parents and not key and self.expr[self.pos] in ".[":
                break  # '^.schema': steps from the parent (Spectral's rulesets use it)
            elif key:
                raise self.error("nothing may follow '~'")
            else:
                raise self.error("only '^' or '~' may follow '^'")
            self.pos += 1
        return parents, key

    def parse_after_dot(self, deep: bool) -> Step:
        start = self.pos
        if self.at("*"):
            self.pos += 1
            return Step(deep=deep, wildcard=True, text="*")
        if self.at("["):
            self.pos += 1
            return self.parse_bracket(deep)
        if self.at("@"):
            return self.parse_shorthand(deep)
        if self.at("'") or self.at('"'):  # "$.paths.'/status'": nimma reads a quoted name
            try:
                value, self.pos = jf.decode_string(self.expr, self.pos)
            except jf.FilterSyntaxError as exc:
                raise self.error(exc.reason, exc.pos) from None
            return Step(deep=deep, names=frozenset({value}), text=self.expr[start:self.pos])
        name = self.parse_name()
        if not name:
            found = repr(self.expr[start]) if start < len(self.expr) else "end of input"
            raise self.error(f"expected a member name after '.', found {found}", start)
        return Step(deep=deep, names=frozenset({name}), text=name)

    def parse_name(self) -> str:
        expr, start = self.expr, self.pos
        end = start
        while end < len(expr) and expr[end] not in _NAME_STOP:
            end += 1
        self.pos = end
        return expr[start:end]

    def parse_shorthand(self, deep: bool) -> Step:
        start = self.pos
        self.pos += 1
        if self.at("@"):
            raise self.error("custom '@@' shorthands are not supported", start)
        word = self.parse_name()
        name = "@" + word
        if name not in jf.SHORTHANDS:
            raise self.error(
                f"unknown shorthand {name!r}; expected one of {', '.join(sorted(jf.SHORTHANDS))}",
                start,
            )
        self.skip_ws()
        if not self.at("("):
            raise self.error(f"expected '(' after {name}")
        self.pos += 1
        self.skip_ws()
        if not self.at(")"):
            raise self.error(f"expected ')' after '{name}('")
        self.pos += 1
        predicate = jf.compile_filter(("shorthand", name))
        return Step(deep=deep, predicate=predicate, text=f"{name}()")

    def parse_bracket(self, deep: bool) -> Step:
        """After '[': '*', '?(filter)', '(@.length-N)', a slice, or a union of members."""
        open_pos = self.pos - 1
        self.skip_ws()
        if self.pos >= len(self.expr):
            raise self.error("unclosed '['", open_pos)
        if self.at("*"):
            self.pos += 1
            self.close_bracket(open_pos)
            return Step(deep=deep, wildcard=True, text="[*]")
        if self.at("?"):
            return self.parse_filter_step(deep, open_pos)
        if self.at("("):
            return self.parse_length_script(deep, open_pos)
        members: list[str] = []
        negatives: list[int] = []
        while True:
            self.skip_ws()
            member_pos = self.pos
            if self.pos >= len(self.expr):
                raise self.error("unclosed '['", open_pos)
            ch = self.expr[self.pos]
            if ch in "'\"":
                try:
                    value, self.pos = jf.decode_string(self.expr, self.pos)
                except jf.FilterSyntaxError as exc:
                    raise self.error(exc.reason, exc.pos) from None
                members.append(value)
            else:
                name = self.parse_name()
                if not name:
                    raise self.error(f"expected a member name, index or '*', found {ch!r}")
                if _INDEX.fullmatch(name):
                    number = int(name)
                    if number < 0:
                        negatives.append(number)
                    else:
                        members.append(str(number))
                elif _SLICE.fullmatch(name):
                    self.skip_ws()
                    if members or negatives or not self.at("]"):
                        raise self.error("a slice cannot be part of a union", member_pos)
                    return self.slice_step(name, deep, open_pos, member_pos)
                else:
                    members.append(name)
            self.skip_ws()
            if self.at(","):
                self.pos += 1
                continue
            if self.at("]"):
                self.pos += 1
                break
            if self.pos >= len(self.expr):
                raise self.error("unclosed '['", open_pos)
            raise self.error(f"expected ',' or ']' after a member, found {self.expr[self.pos]!r}")
        text = self.expr[open_pos : self.pos]
        if not negatives:
            return Step(deep=deep, names=frozenset(members), text=text)
        predicate = _negative_index_predicate(tuple(negatives))
        if members:
            predicate = _union_predicate(frozenset(members), predicate)
        return Step(deep=deep, predicate=predicate, text=text)

    def slice_step(self, text: str, deep: bool, open_pos: int, start: int) -> Step:
        bounds = [int(b) if b else None for b in text.split(":")]
        bounds += [None] * (3 - len(bounds))
        if bounds[2] == 0:
            raise self.error("a slice step cannot be 0", start)
        self.close_bracket(open_pos)
        selection = slice(bounds[0], bounds[1], bounds[2])
        return Step(
            deep=deep, predicate=_slice_predicate(selection), text=self.expr[open_pos : self.pos]
        )

    def parse_int(self) -> int | None:
        start = self.pos
        if self.at("-"):
            self.pos += 1
        digits_start = self.pos
        while self.pos < len(self.expr) and self.expr[self.pos].isdigit():
            self.pos += 1
        if self.pos == digits_start:
            self.pos = start
            return None
        return int(self.expr[start : self.pos])

    def parse_length_script(self, deep: bool, open_pos: int) -> Step:
        """jsonpath-plus's ``[(@.length-N)]``: the N-th element from the end."""
        start = self.pos
        self.pos += 1
        self.skip_ws()
        ok = self.at("@")
        if ok:
            self.pos += 1
            self.skip_ws()
            for spelling in (".length", "['length']", '["length"]'):
                if self.at(spelling):
                    self.pos += len(spelling)
                    break
            else:
                ok = False
        self.skip_ws()
        ok = ok and self.at("-")
        if ok:
            self.pos += 1
            self.skip_ws()
            number = self.parse_int()
            ok = number is not None and number > 0
        self.skip_ws()
        if not ok or not self.at(")"):
            raise self.error("script expressions other than (@.length-N) are not supported", start)
        self.pos += 1
        self.close_bracket(open_pos)
        assert number is not None
        text = self.expr[open_pos : self.pos]
        return Step(deep=deep, predicate=_slice_predicate(slice(-number, None, None)), text=text)

    def parse_filter_step(self, deep: bool, open_pos: int) -> Step:
        self.pos += 1
        self.skip_ws()
        if not self.at("("):
            raise self.error("expected '(' after '?'")
        try:
            node, self.pos = jf.parse_filter(self.expr, self.pos)
        except jf.FilterSyntaxError as exc:
            raise self.error(exc.reason, exc.pos) from None
        self.close_bracket(open_pos)
        text = self.expr[open_pos : self.pos]
        predicate = jf.compile_filter(node)
        if jf.is_key_only(node):
            return Step(deep=deep, key_predicate=_key_predicate(predicate), text=text)
        needs_object, clauses = jf.required_keys(node)
        single = next((c for c in clauses if len(c) == 1), None)
        context_free = not (jf.references(node) & {"@path", "@parentProperty"})
        return Step(
            context_free=context_free,
            deep=deep,
            predicate=predicate,
            needs_object=needs_object,
            needs_key=next(iter(single)) if single else None,
            needs_any=tuple(c for c in clauses if c is not single),
            needs_value=jf.required_value(node),
            text=text,
        )

    def close_bracket(self, open_pos: int) -> None:
        self.skip_ws()
        if self.at("]"):
            self.pos += 1
            return
        if self.pos >= len(self.expr):
            raise self.error("unclosed '['", open_pos)
        raise self.error(f"expected ']', found {self.expr[self.pos]!r}")


def _narrowed(step: Step, type_filter: Step) -> Step:
    """``step`` keeping only the members ``type_filter`` (a shorthand step) accepts."""
    assert type_filter.predicate is not None
    accept = type_filter.predicate
    key_predicate = step.key_predicate
    predicate = step.predicate
    names = step.names
    wildcard = step.wildcard

    def selects(value: Any, key: Any, parent: Any, walk: Any) -> bool:
        if not accept(value, key, parent, walk):
            return False
        if wildcard:
            return True
        in_array = type(parent) is list
        text = key_string(key)
        if text in names:
            return True
        if key_predicate is not None and key_predicate(key if in_array else text, in_array):
            return True
        return predicate is not None and predicate(value, key, parent, walk)

    return Step(deep=step.deep, predicate=selects, text=step.text + type_filter.text,
                context_free=step.context_free and type_filter.context_free)


_AS_ARRAY: list[Any] = []
_AS_OBJECT: dict[str, Any] = {}


def _key_predicate(predicate: Predicate) -> Callable[[Any, bool], bool]:
    """Run a filter that reads only ``@property`` on a key (an index when in an array)."""

    def on_key(key: Any, in_array: bool) -> bool:
        return predicate(None, key, _AS_ARRAY if in_array else _AS_OBJECT, None)

    return on_key


def _slice_predicate(selection: slice) -> Predicate:
    def in_slice(value: Any, key: Any, parent: Any, walk: Any) -> bool:
        return type(parent) is list and key in range(*selection.indices(len(parent)))

    return in_slice


def _negative_index_predicate(indexes: tuple[int, ...]) -> Predicate:
    def from_end(value: Any, key: Any, parent: Any, walk: Any) -> bool:
        return type(parent) is list and key - len(parent) in indexes

    return from_end


def _union_predicate(names: frozenset[str], other: Predicate) -> Predicate:
    def either(value: Any, key: Any, parent: Any, walk: Any) -> bool:
        return key_string(key) in names or other(value, key, parent, walk)

    return either


# --- matching --------------------------------------------------------------------------

_MISSING: Any = object()
_NON_STRING_KEYS: dict[str, Any] = {"true": True, "false": False}

# (query index, '^' count, '~', containers only, the Matcher of the steps after '^' or None)
_Emission = tuple[int, int, bool, bool, Any]
# (predicate, NFA target, needs_key, needs_any, needs_value): see ``Step``
_ObjectPredicate = tuple[
    Predicate,
    int,
    "str | None",
    "tuple[frozenset[str], ...] | None",
    "tuple[str, str, bool] | None",
]


class _State:
    """A DFA state: the set of live (query, position) NFA states at a node, interned.

    ``names``/``indexes`` cache the successor through a member key (name selectors,
    wildcards, descent and key-only filters). ``object_predicates`` (which can only hold
    for a dict, optionally one with a given key) and ``value_predicates`` look at a
    member's value and run per member. ``emits`` says what to report when a member lands
    in this state.
    """

    __slots__ = (
        "by_name",
        "default_next",
        "descend",
        "emits",
        "extra_cache",
        "fixed",
        "fixed_alt",
        "fixed_int",
        "index_next",
        "indexes",
        "key_predicates",
        "list_sensitive",
        "names",
        "nfa",
        "object_predicates",
        "plain_emits",
        "static_base",
        "value_predicates",
    )

    def __init__(self, nfa: frozenset[int]) -> None:
        self.nfa = nfa
        self.names: dict[Any, _State | None] = {}
        self.indexes: dict[int, _State | None] = {}
        self.index_next: Any = _MISSING  # successor shared by every array index
        self.extra_cache: dict[tuple[Any, ...], _State | None] = {}
        self.emits: tuple[_Emission, ...] = ()
        self.plain_emits: tuple[int, ...] | None = None  # when no emission has modifiers
        self.descend = False
        self.fixed: str | None = None  # the only member name any live step can select
        self.fixed_int: int | None = None
        self.fixed_alt: Any = None  # the same name as a YAML non-string key
        self.list_sensitive = False
        # Ingredients of the key-driven successor (see Matcher._static_next).
        self.static_base: frozenset[int] = frozenset()  # descent + wildcards
        self.default_next: Any = _MISSING
        self.by_name: dict[str, frozenset[int]] = {}
        self.key_predicates: tuple[tuple[Callable[[Any, bool], bool], int], ...] = ()
        self.object_predicates: tuple[_ObjectPredicate, ...] = ()
        self.value_predicates: tuple[tuple[Predicate, int], ...] = ()


class _Walk:
    """What filters see of the walk: the path to the container and the root."""

    __slots__ = ("path", "root")

    def __init__(self, root: Any) -> None:
        self.root = root
        self.path: list[Any] = []


class Matcher:
    """Runs many compiled queries over a document in a single traversal.

    Reuse one ``Matcher`` for many documents: transitions learnt on one are cached for
    the next. Not safe to share between threads while walking.
    """

    def __init__(self, queries: Sequence[Query]) -> None:
        self.queries = tuple(queries)
        # NFA states are numbered globally: query q's position i is start[q] + i.
        self._step: list[Step | None] = []
        self._query_of: list[int] = []
        self._accepting: list[bool] = []
        starts: list[int] = []
        for index, query in enumerate(self.queries):
            starts.append(len(self._step))
            for position in range(len(query.steps) + 1):
                self._step.append(query.steps[position] if position < len(query.steps) else None)
                self._query_of.append(index)
                self._accepting.append(position in query.accepts)
        self._states: dict[frozenset[int], _State] = {}
        # Steps after '^' run from each parent reached, as a query of their own.
        self._rest = {i: Matcher([q.rest]) for i, q in enumerate(self.queries) if q.rest}
        self._root = self._intern(frozenset(starts))
        # Whether a container met again in the same DFA state can be skipped.
        self.shared_safe = all(shared_safe(q) for q in self.queries)

    # --- the DFA, built lazily ------------------------------------------------------

    def _intern(self, nfa: frozenset[int]) -> _State | None:
        if not nfa:
            return None
        state = self._states.get(nfa)
        if state is None:
            state = self._states[nfa] = self._build_state(nfa)
        return state

    def _build_state(self, nfa: frozenset[int]) -> _State:
        state = _State(nfa)
        emits: dict[int, _Emission] = {}
        base: set[int] = set()
        by_name: dict[str, set[int]] = {}
        key_predicates = []
        object_predicates = []
        value_predicates = []
        only_fixed = True
        for g in sorted(nfa):
            if self._accepting[g]:
                query_index = self._query_of[g]
                query = self.queries[query_index]
                emits[query_index] = (query_index, query.parents, query.key,
                                      query.containers_only, self._rest.get(query_index))
            step = self._step[g]
            if step is None:
                continue
            state.descend = True
            only_fixed = only_fixed and step.is_fixed
            if step.deep:
                base.add(g)
            if step.wildcard:
                base.add(g + 1)
            for name in step.names:
                by_name.setdefault(name, set()).add(g + 1)
                state.list_sensitive = state.list_sensitive or _is_index(name)
            if step.key_predicate is not None:
                key_predicates.append((step.key_predicate, g + 1))
                state.list_sensitive = True
            if step.predicate is not None:
                if step.needs_object:
                    object_predicates.append(
                        (
                            step.predicate,
                            g + 1,
                            step.needs_key,
                            step.needs_any or None,
                            step.needs_value,
                        )
                    )
                else:
                    value_predicates.append((step.predicate, g + 1))
        state.emits = tuple(emits[q] for q in sorted(emits))
        if not any(e[1] or e[2] or e[3] for e in state.emits):
            state.plain_emits = tuple(e[0] for e in state.emits)
        state.static_base = frozenset(base)
        state.by_name = {name: frozenset(targets) for name, targets in by_name.items()}
        state.key_predicates = tuple(key_predicates)
        state.object_predicates = tuple(object_predicates)
        state.value_predicates = tuple(value_predicates)
        if only_fixed and len(by_name) == 1:
            (name,) = by_name
            state.fixed = name
            state.fixed_int = int(name) if _is_index(name) else None
            state.fixed_alt = _NON_STRING_KEYS.get(name, state.fixed_int)
        return state

    def _static_next(self, state: _State, key: Any, in_array: bool) -> _State | None:
        """Successor through ``key`` before value predicates; cached on ``state``."""
        key_text = key if type(key) is str else key_string(key)
        named = state.by_name.get(key_text)
        extra: set[int] = set()
        for key_predicate, target in state.key_predicates:
            if key_predicate(key if in_array else key_text, in_array):
                extra.add(target)
        if named is None and not extra:
            target_state = state.default_next
            if target_state is _MISSING:
                target_state = state.default_next = self._intern(state.static_base)
        else:
            nfa = state.static_base | named if named is not None else state.static_base
            target_state = self._intern(nfa | extra if extra else nfa)
        if not in_array:
            # Only string keys are cached: YAML's 1/true/1.0 keys would share a slot.
            if type(key) is str and len(state.names) < 100_000:
                state.names[key] = target_state
        elif not state.list_sensitive:
            state.index_next = target_state
        elif len(state.indexes) < 100_000:
            state.indexes[key] = target_state
        return target_state

    def _with_extra(self, base: _State | None, extra: tuple[int, ...]) -> _State | None:
        """``base`` plus the NFA states that passing predicates lead to; cached."""
        owner = self._root if base is None else base
        assert owner is not None
        cache_key = (base is None, *extra)
        target = owner.extra_cache.get(cache_key, _MISSING)
        if target is _MISSING:
            nfa = frozenset(extra) if base is None else base.nfa | frozenset(extra)
            target = owner.extra_cache[cache_key] = self._intern(nfa)
        return target

    # --- the walk --------------------------------------------------------------------

    def walk(self, data: Any, *, skip_shared: bool = False) -> Iterator[tuple[int, Path, Any]]:
        """Yield ``(query_index, path, value)`` for every match of every query, walking
        ``data`` once. Order: document order (pre-order), queries in index order at
        each node; a (query, path) pair is reported at most once.

        ``skip_shared``: a container reached again in the same state is not walked again
        (when :attr:`shared_safe`). For a ``$ref``-resolved tree, whose shared targets map
        back to one origin, that drops only matches the caller would deduplicate."""
        return iter(self.matches(data, skip_shared=skip_shared))

    def matches(self, data: Any, *, skip_shared: bool = False) -> list[tuple[int, Path, Any]]:
        """``walk`` as a list. The traversal is one recursive closure, kept flat: it is
        the hot loop of the whole linter."""
        out: list[tuple[int, Path, Any]] = []
        root_state = self._root
        if root_state is None:
            return out
        walk_state = _Walk(data)
        path = walk_state.path
        seen: set[tuple[int, Path]] = set()
        emit = out.append
        static_next = self._static_next
        with_extra = self._with_extra
        on_path = {id(data)}  # containers being walked: a child among them is a cycle
        walked: set[tuple[int, int]] | None = set() if skip_shared and self.shared_safe else None

        def visit(node: Any, state: _State) -> None:
            is_dict = type(node) is dict
            fixed = state.fixed
            if fixed is not None:
                # One member name is all any live step can take: look it up.
                if is_dict:
                    key: Any = fixed
                    child = node.get(fixed, _MISSING)
                    if child is _MISSING and state.fixed_alt is not None:
                        key = state.fixed_alt  # YAML gives 200:/true: keys as int/bool
                        child = node.get(key, _MISSING)
                        if child is not _MISSING and not _has_exact_key(node, key):
                            child = _MISSING  # found 1 for true, or true for 1
                else:
                    key = state.fixed_int
                    child = node[key] if key is not None and key < len(node) else _MISSING
                if child is _MISSING:
                    return
                members: Any = ((key, child),)
            else:
                members = node.items() if is_dict else enumerate(node)
            cache = state.names if is_dict else state.indexes if state.list_sensitive else None
            object_predicates = state.object_predicates
            value_predicates = state.value_predicates
            for key, child in members:
                if cache is not None:
                    nxt = cache.get(key, _MISSING)
                    if nxt is _MISSING:
                        nxt = static_next(state, key, not is_dict)
                else:
                    nxt = state.index_next
                    if nxt is _MISSING:
                        nxt = static_next(state, key, True)
                child_type = type(child)
                if object_predicates and child_type is dict:
                    extra: tuple[int, ...] = ()
                    for guard in object_predicates:
                        predicate, target, needs_key, needs_any, needs_value = guard
                        if needs_key is not None and needs_key not in child:
                            continue
                        if needs_any is not None and not _has_one_of_each(child, needs_any):
                            continue
                        if needs_value is not None:
                            member = child.get(needs_value[0], _MISSING)
                            if member != needs_value[1] and (needs_value[2] or type(member) is str):
                                continue  # '@.type === "x"' cannot hold
                        if predicate(child, key, node, walk_state):
                            extra += (target,)
                    if value_predicates:
                        for predicate, target in value_predicates:
                            if predicate(child, key, node, walk_state):
                                extra += (target,)
                    if extra:
                        nxt = with_extra(nxt, extra)
                elif value_predicates:
                    extra = ()
                    for predicate, target in value_predicates:
                        if predicate(child, key, node, walk_state):
                            extra += (target,)
                    if extra:
                        nxt = with_extra(nxt, extra)
                if nxt is None:
                    continue
                plain = nxt.plain_emits
                if plain is None:
                    child_path = (*path, key)
                    for emission in nxt.emits:
                        _emit(emission, child_path, child, node, walk_state, seen, out)
                elif plain:
                    child_path = (*path, key)
                    for query_index in plain:
                        emit((query_index, child_path, child))
                if nxt.descend and (child_type is dict or child_type is list):
                    child_id = id(child)
                    if child_id in on_path or len(path) >= MAX_DEPTH:
                        continue  # self-referencing YAML (&a [*a]), or absurdly deep
                    if walked is not None:
                        memo = (child_id, id(nxt))
                        if memo in walked:
                            continue  # a shared $ref target already walked in this state
                        walked.add(memo)
                    on_path.add(child_id)
                    path.append(key)
                    visit(child, nxt)
                    path.pop()
                    on_path.discard(child_id)

        for emission in root_state.emits:
            _emit(emission, (), data, data, walk_state, seen, out)
        if root_state.descend and type(data) in (dict, list):
            # The walk allocates a tuple per match and creates no garbage cycles of its
            # own; letting the cyclic GC run meanwhile would rescan the whole document
            # again and again (half the walk's time on GitHub's spec).
            with collector_paused():
                visit(data, root_state)
        visit = None  # type: ignore[assignment]  # the closure refers to itself: free it now
        return out


def _emit(
    emission: _Emission,
    path: Path,
    value: Any,
    parent: Any,
    walk_state: _Walk,
    seen: set[tuple[int, Path]],
    out: list[tuple[int, Path, Any]],
) -> None:
    """Report one match, applying the query's '^', '~' and trailing-'..' rules."""
    query_index, parents, key, containers_only, rest = emission
    if containers_only and type(value) is not dict and type(value) is not list:
        return
    if not (parents or key):
        out.append((query_index, path, value))
        return
    if parents > len(path):
        return
    target_path = path[: len(path) - parents]
    if parents == 0:
        target = value
    elif parents == 1:
        target = parent
    else:
        target = _resolve(walk_state.root, target_path)
    if key:
        if not target_path:
            return
        target = target_path[-1]
    if parents:
        marker = (query_index, target_path)
        if marker in seen:
            return
        seen.add(marker)
    if rest is not None:  # '^.schema': the rest of the query from the parent reached
        if type(target) is dict or type(target) is list:
            for _, sub_path, sub_value in rest.matches(target):
                out.append((query_index, (*target_path, *sub_path), sub_value))
        return
    out.append((query_index, target_path, target))


def _has_exact_key(node: dict[Any, Any], key: Any) -> bool:
    return any(type(k) is type(key) and k == key for k in node)


def _has_one_of_each(node: dict[Any, Any], clauses: tuple[frozenset[str], ...]) -> bool:
    keys = node.keys()
    return all(not keys.isdisjoint(clause) for clause in clauses)


def _is_index(name: str) -> bool:
    return name.isdigit() and (name == "0" or not name.startswith("0"))


def _resolve(root: Any, path: Path) -> Any:
    current = root
    for key in path:
        current = current[key]
    return current
