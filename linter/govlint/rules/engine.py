"""Run a ruleset over documents: where a finding is born.

Per document, every enabled rule's ``given`` queries are matched in ONE walk (a
:class:`~govlint.rules.jsonpath.Matcher` per distinct set of document formats, built once),
and each match is handed to the rule's ``then`` functions with Spectral's semantics
(``field``, ``@key``, missing fields reported at the closest existing parent, message
templates, deduplication). Workspace rules run once over the whole workspace.

What each rule reads of an OpenAPI document: ``resolved: true`` rules the document with
every ``$ref`` resolved (Spectral's resolved mode); ``resolved: false`` rules the document
as written, except governance functions (``govlint.functions.governance``), which follow
local refs themselves and read the *bundle* (:func:`govlint.documents.refs.bundle`): file
refs replaced by their targets, so a spec split into ``paths/*.yaml`` and
``components/*.yaml`` is judged as one API. Findings on a resolved tree or a bundle are
reported where the value is written (:meth:`Engine.origin`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from govlint.documents.model import KIND_OPENAPI, Document, Workspace
from govlint.errors import GovlintError
from govlint.files.globs import matches
from govlint.findings.model import Finding, Path, Severity
from govlint.functions.api import FunctionContext, FunctionFailure, Result
from govlint.functions.core._regex import take_timeouts
from govlint.rules.model import Rule, Ruleset, Then


@dataclass(slots=True)
class _Plan:
    """What to run on documents of one set of formats. Resolved queries come in up to two
    matchers: those that may skip shared ``$ref`` targets already walked, and the few that
    may not (``^``, filters reading ``@path``)."""

    rules: list[Rule]
    resolved: list[_Queries]
    unresolved: _Queries | None
    bundled: _Queries | None = None  # resolved: false governance rules (read the bundle)


@dataclass(slots=True)
class _Queries:
    matcher: Any  # govlint.rules.jsonpath.Matcher
    callbacks: list[list[_Steps]]  # query index -> rules whose given it is


# How a ``then`` picks its targets in the matched value.
_WHOLE, _KEYS, _QUERY, _LODASH = range(4)


@dataclass(slots=True)
class _Step:
    """One ``then`` of a rule with what every call needs worked out once per engine."""

    then: Then
    impl: Any  # the function's implementation
    options: Mapping[str, Any]
    kind: int  # _WHOLE, _KEYS, _QUERY or _LODASH
    field_path: Path  # the lodash path (_LODASH only)
    # Core functions read their context only during the call (none keeps it), so one
    # mutable context per document serves them all; any other function gets its own.
    shared_context: bool
    batch: Any = None  # the function takes a document's calls at once (JavaScript ones)


@dataclass(slots=True)
class _Steps:
    """A rule and its prepared ``then`` steps (what the walk calls per match)."""

    rule: Rule
    steps: list[_Step]


@dataclass(slots=True)
class RefContext:
    """What resolving ``$ref`` needs: the run's file cache, the project root, the flag."""

    cache: Any  # govlint.documents.refs.RefCache
    root: Any  # pathlib.Path
    allow_remote: bool = False


class Engine:
    """Compiles a ruleset once and runs it over any number of documents."""

    def __init__(self, ruleset: Ruleset, refs: RefContext | None = None) -> None:
        self.ruleset = ruleset
        self.refs = refs
        self.document_rules = [r for r in ruleset.enabled_rules if r.scope == "document"]
        self.workspace_rules = [r for r in ruleset.enabled_rules if r.scope == "workspace"]
        self._plans: dict[frozenset[str], _Plan] = {}
        self._field_queries: dict[str, Any] = {}
        self._templates: dict[str, _Template] = {}
        self._steps: dict[int, _Steps] = {}
        self._lookup: Any = None  # govlint.documents.refs resolver for origin()
        self._origins: dict[tuple[int, bool], tuple[Document, Any]] = {}
        # split specs run so far: (file, document index) -> (operations, files refs reach)
        self.split_specs: dict[tuple[str, int | None], tuple[int, tuple[str, ...]]] = {}
        # documents whose split-ness the per-document pass found (:meth:`know_documents`)
        self._split_known: dict[tuple[str, int | None], bool] = {}

    # --- per-document rules -----------------------------------------------------------

    def run_document(self, doc: Document, workspace: Workspace) -> list[Finding]:
        self._origins.clear()
        plan = self._plan(doc.formats)
        # An OpenAPI document's $refs are always checked (ref-unresolved/-forbidden/-remote),
        # as Spectral's resolver does, even when every rule reads it unresolved.
        check_refs = doc.kind == KIND_OPENAPI
        if not plan.rules and not check_refs:
            return []
        sink = _Sink(self, doc, workspace)
        try:
            return self._run_document(doc, workspace, plan, check_refs, sink)
        except BaseException:  # the file's time budget, ^C: stop the calls handed over
            sink.cancel()
            raise

    def _run_document(self, doc: Document, workspace: Workspace, plan: _Plan,
                      check_refs: bool, sink: _Sink) -> list[Finding]:
        excluded = self._excluded_rules(doc)
        take_timeouts()  # (none should be left from elsewhere)
        if plan.unresolved is not None:
            self._walk(plan.unresolved, doc.data, sink, excluded, skip_shared=False)
        split: frozenset[str] = frozenset()
        if plan.resolved or check_refs:
            data, ref_findings, split = self._resolve(doc)
            if split:
                from govlint.documents.inventory import operation_count

                self.split_specs[(doc.file, doc.index)] = (operation_count(data),
                                                           tuple(sorted(split)))
            sink.findings.extend(ref_findings)
            sink.resolved_data = data
            for queries in plan.resolved:
                # Shared $ref targets map back to one origin: walk each once per state.
                # Not with YAML aliases, whose every site is a place of its own.
                self._walk(queries, data, sink, excluded, skip_shared=not doc.may_alias)
        if plan.bundled is not None:
            # A spec without file refs is its own bundle (no second walk).
            sink.bundle_data = self._bundle(doc) if split else doc.data
            self._walk(plan.bundled, sink.bundle_data, sink, excluded, skip_shared=False)
        if sink.pending:
            sink.flush()
        for timeout in take_timeouts():
            sink.findings.extend(self._filter_timeout(doc, plan.rules, timeout))
        return sink.findings

    @staticmethod
    def _filter_timeout(doc: Document, rules: list[Rule], timeout: Exception) -> list[Finding]:
        """A JSONPath filter's regex that ran out of time counted as false; say so, naming
        the rules whose ``given`` or ``field`` holds it, at the document's root."""
        source = str(getattr(timeout, "pattern", ""))
        names = sorted({r.name for r in rules if any(
            source in expr for t in r.given for expr in t.expressions) or any(
            source in (then.field or "") for then in r.then)}) or ["(unknown)"]
        return [Finding(
            rule="function-error", severity=Severity.ERROR, file=doc.file, path=(),
            document=doc.index,
            message=f"rule {name}: a JSONPath filter's {timeout}; the filter counted as "
                    "false there, so the rule may have missed values",
        ) for name in names]

    @staticmethod
    def _walk(queries: _Queries, data: Any, sink: _Sink, excluded: set[str],
              *, skip_shared: bool) -> None:
        callbacks = queries.callbacks
        if excluded:
            callbacks = [[s for s in steps if s.rule.name not in excluded]
                         for steps in callbacks]
        lint = sink.lint_steps
        for index, path, value in queries.matcher.walk(data, skip_shared=skip_shared):
            for steps in callbacks[index]:
                lint(steps, path, value, data)

    def _resolve(self, doc: Document) -> tuple[Any, list[Finding], frozenset[str]]:
        """The document with ``$ref`` resolved (targets shared, cycles kept as ``$ref``),
        the ref findings, and the other files refs reached (a split spec)."""
        if self.refs is None:
            return doc.data, [], frozenset()
        from govlint.documents.refs import follows_files

        return follows_files(doc, self.refs.cache, self.refs.root, self.refs.allow_remote)

    def _bundle(self, doc: Document) -> Any:
        """A split spec as one tree: its file refs resolved, its local refs kept."""
        if self.refs is None:
            return doc.data
        from govlint.documents.refs import bundle

        return bundle(doc, self.refs.cache, self.refs.root, self.refs.allow_remote)

    def origin(self, doc: Document, path: Path, *, bundled: bool = False
               ) -> tuple[Document, Path]:
        """Where a value of the resolved tree (or of the bundle) is written (another file,
        for file refs)."""
        if self.refs is None:
            return doc, path
        from govlint.documents.refs import Origins, lookup, origin

        if self._lookup is None:
            self._lookup = lookup(self.refs.cache, self.refs.root, self.refs.allow_remote)
        # Functions that walk the resolved tree themselves (IBM's JavaScript ones) report
        # 109,000 resolved paths on GitHub's spec, sharing most of their steps: one
        # document's walks are kept as a trie (cleared per document).
        key = (id(doc), bundled)
        known = self._origins.get(key)
        if known is None or known[0] is not doc:
            known = self._origins[key] = (doc, Origins(doc, self._lookup, bundled))
        try:
            return known[1].origin(path)
        except TypeError:  # an unhashable step: walk it from the root
            return origin(doc, path, resolver=self._lookup, bundled=bundled)

    def _plan(self, formats: frozenset[str]) -> _Plan:
        plan = self._plans.get(formats)
        if plan is None:
            plan = self._plans[formats] = self._build_plan(formats)
        return plan

    def _build_plan(self, formats: frozenset[str]) -> _Plan:
        from govlint.rules.jsonpath import Matcher, compile_path, shared_safe

        rules = [r for r in self.document_rules if r.matches_formats(formats)]
        groups: dict[Any, dict[str, list[Rule]]] = {True: {}, False: {}, _BUNDLED: {}}
        for rule in rules:
            group = rule.resolved or (_BUNDLED if _reads_bundle(rule) else False)
            for expr in rule.expressions_for(formats):
                bucket = groups[group].setdefault(expr, [])
                if rule not in bucket:
                    bucket.append(rule)

        def build(by_expr: dict[str, list[Rule]]) -> _Queries | None:
            if not by_expr:
                return None
            exprs = sorted(by_expr)
            return _Queries(Matcher([compile_path(e) for e in exprs]),
                            [[self.steps(r) for r in by_expr[e]] for e in exprs])

        resolved = groups[True]
        safe = {e: r for e, r in resolved.items()
                if shared_safe(compile_path(e))}
        unsafe = {e: r for e, r in resolved.items() if e not in safe}
        matchers = [q for q in (build(safe), build(unsafe)) if q is not None]
        return _Plan(rules, matchers, build(groups[False]), build(groups[_BUNDLED]))

    def _excluded_rules(self, doc: Document) -> set[str]:
        """Rules defined inside ``overrides`` apply only to the files their globs name."""
        excluded: set[str] = set()
        for rule in self.document_rules:
            only = rule.extra.get("only_files")
            if only and not matches(self._ruleset_relative(doc), only):
                excluded.add(rule.name)
        return excluded

    def _ruleset_relative(self, doc: Document) -> str:
        root = self.ruleset.root_dir
        if not root:
            return doc.file
        return os.path.relpath(doc.abspath, root).replace(os.sep, "/")

    # --- workspace rules --------------------------------------------------------------

    def run_workspace(self, workspace: Workspace) -> list[Finding]:
        findings: list[Finding] = []
        if not self.workspace_rules:
            return findings
        view, originals = self._bundled_workspace(workspace)
        for rule in self.workspace_rules:
            for then in rule.then:
                ctx = FunctionContext(
                    document=None, path=(), given_path=(), rule=rule, workspace=view,
                    vars=self.ruleset.vars, document_data=None,
                )
                results = _call(then, None, ctx, rule)
                for result in results or ():
                    doc = result.document
                    if doc is None:
                        continue
                    original = originals.get(id(doc))
                    sink = _Sink(self, original or doc, workspace)
                    if original is not None:  # a path of the bundle: map it to its file
                        sink.bundle_data = doc.data
                    sink.add(rule, result, result.path or (), doc.data, resolved=False)
                    findings.extend(sink.findings)
        return findings

    def _bundled_workspace(self, workspace: Workspace) -> tuple[Workspace, dict[int, Document]]:
        """The workspace as governance functions read it: each split OpenAPI spec replaced
        by a copy holding its bundle (see :func:`govlint.documents.refs.bundle`), and the
        original of each copy (by ``id``) to report where values are written."""
        if self.refs is None:
            return workspace, {}
        import dataclasses

        originals: dict[int, Document] = {}
        documents: list[Document] = []
        for doc in workspace.documents:
            known = self._split_known.get((doc.file, doc.index))
            if doc.kind == KIND_OPENAPI and known is not False and (
                    known or _has_file_refs(doc.data)):
                data = self._bundle(doc)
                if data is not doc.data:
                    copy = dataclasses.replace(doc, data=data)
                    originals[id(copy)] = doc
                    doc = copy
            documents.append(doc)
        if not originals:
            return workspace, {}
        return Workspace(documents, reported=workspace.reported), originals

    def know_documents(self, inventory: Iterable[Mapping[str, Any]]) -> None:
        """Take from the per-document pass's inventory which specs are split (``parts``),
        so the workspace pass does not search every spec for file refs again (0.2 s on
        GitHub's 13 MB spec); documents read only for the workspace are searched."""
        for entry in inventory:
            key = (str(entry.get("file")), entry.get("document"))
            self._split_known[key] = bool(entry.get("parts"))

    def workspace_formats(self) -> frozenset[str] | None:
        """Formats of the documents workspace rules look at (``None``: any document)."""
        if not self.workspace_rules:
            return frozenset()
        formats: set[str] = set()
        for rule in self.workspace_rules:
            if rule.formats is None:
                return None
            formats |= rule.formats
        return frozenset(formats)

    # --- shared helpers ---------------------------------------------------------------

    def field_query(self, expr: str) -> Any:
        query = self._field_queries.get(expr)
        if query is None:
            from govlint.rules.jsonpath import Matcher, compile_path

            query = self._field_queries[expr] = Matcher([compile_path(expr)])
        return query

    def steps(self, rule: Rule) -> _Steps:
        """``rule`` with its ``then`` steps prepared (once per engine)."""
        prepared = self._steps.get(id(rule))
        if prepared is None:
            prepared = self._steps[id(rule)] = _Steps(rule, [_prepare(t) for t in rule.then])
        return prepared

    def template(self, text: str) -> _Template:
        parts = self._templates.get(text)
        if parts is None:
            parts = self._templates[text] = _parse_template(text)
        return parts


def _has_file_refs(data: Any) -> bool:
    """Whether any ``$ref`` of a document names another file (iterative, stops early; each
    container once: YAML aliases may share or even nest a node in itself)."""
    stack = [data]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                return True
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    return False


_BUNDLED = "bundled"
_GOVERNANCE_FUNCTIONS = "govlint.functions.governance."


def _reads_bundle(rule: Rule) -> bool:
    """A ``resolved: false`` rule whose functions are all governance functions: they
    follow local refs themselves and read a split spec as one bundle."""
    return bool(rule.then) and all(
        (getattr(t.function.impl, "__module__", None) or "").startswith(_GOVERNANCE_FUNCTIONS)
        for t in rule.then)


def _prepare(then: Then) -> _Step:
    field = then.field
    impl = then.function.impl
    module = getattr(impl, "__module__", None) or ""
    if field is None:
        kind = _WHOLE
    elif field == "@key":
        kind = _KEYS
    elif field.startswith("$"):
        kind = _QUERY
    else:
        kind = _LODASH
    return _Step(then, impl, then.options or {}, kind,
                 _lodash_path(field) if kind == _LODASH else (),
                 module.startswith("govlint.functions.core."), then.function.batch)


# Calls of a batched function handed over while the walk goes on, once this many wait:
# small enough that Node starts early, large enough that requests stay few.
BATCH_CHUNK = 1000


class _Sink:
    """Turns function results into findings for one document (deduplicated)."""

    __slots__ = ("bundle_data", "context", "doc", "engine", "findings", "pending", "places",
                 "resolved_data", "seen", "started", "unstarted", "workspace")

    def __init__(self, engine: Engine, doc: Document, workspace: Workspace) -> None:
        self.engine = engine
        self.doc = doc
        self.workspace = workspace
        self.findings: list[Finding] = []
        self.seen: set[tuple[Any, ...]] = set()
        # (result path, tree) -> where it is reported (:meth:`_place`): functions walking
        # the resolved tree report one path from many rules (IBM's: 363,000 results at
        # 109,000 paths on GitHub's spec)
        self.places: dict[tuple[Path, int], tuple[Document, Path, Any, Path, bool, Any]] = {}
        self.resolved_data: Any = None
        self.bundle_data: Any = None
        # calls of batched functions: (step, rule, path, given path, target, tree)
        self.pending: list[tuple[_Step, Rule, Path, Path, Any, Any]] = []
        # per batch, the pending calls not handed over yet; the chunks handed over early
        # (their pending indexes, the function that waits for their results)
        self.unstarted: dict[Any, list[int]] = {}
        self.started: list[tuple[Any, list[int], Callable[[], list[Any]]]] = []
        self.context = FunctionContext(
            document=doc, path=(), given_path=(), rule=None, workspace=workspace,
            vars=engine.ruleset.vars, document_data=None,
        )

    def lint_node(self, rule: Rule, given_path: Path, value: Any, data: Any) -> None:
        self.lint_steps(self.engine.steps(rule), given_path, value, data)

    def lint_steps(self, steps: _Steps, given_path: Path, value: Any, data: Any) -> None:
        """Call each ``then`` of a rule on its targets in one matched value."""
        rule = steps.rule
        container = isinstance(value, (dict, list))
        for step in steps.steps:
            if step.kind == _WHOLE or not container:
                self._run(rule, step, given_path, given_path, value, data)
                continue
            for rel, target in self._targets(value, step):
                path = given_path + rel if rel else given_path
                self._run(rule, step, path, given_path, target, data)

    def _run(self, rule: Rule, step: _Step, path: Path, given_path: Path, target: Any,
             data: Any) -> None:
        if step.batch is not None:  # run with the document's other calls (flush)
            waiting = self.unstarted.setdefault(step.batch, [])
            waiting.append(len(self.pending))
            self.pending.append((step, rule, path, given_path, target, data))
            if len(waiting) >= BATCH_CHUNK and hasattr(step.batch, "start"):
                self._start(step.batch)
            return
        if step.shared_context:
            ctx = self.context
            ctx.path = path
            ctx.given_path = given_path
            ctx.rule = rule
            ctx.document_data = data
        else:
            ctx = FunctionContext(
                document=self.doc, path=path, given_path=given_path, rule=rule,
                workspace=self.workspace, vars=self.engine.ruleset.vars,
                document_data=data,
            )
        try:
            results = step.impl(target, step.options, ctx)
            if not results:
                return
            results = list(results)
        except GovlintError:  # a broken ruleset/config: exit 2
            raise
        except Exception as exc:  # any bug or unexpected shape in a function
            results = [_function_error(step.then, rule, exc, path)]
        for result in results:
            self.add(rule, result, path, data, resolved=rule.resolved)

    def _calls(self, indexes: list[int]) -> list[tuple[Any, ...]]:
        return [(self.pending[i][0].then, *self.pending[i][1:]) for i in indexes]

    def _start(self, batch: Any) -> None:
        """Hand the batch's waiting calls over now (it runs them while the walk goes on)."""
        indexes = self.unstarted.pop(batch)
        self.started.append((batch, indexes, batch.start(self.doc, self._calls(indexes))))

    def flush(self) -> None:
        """Run the queued calls of batched functions (those not handed over during the
        walk), one batch per function kind, and add their results in call order."""
        outcomes: list[Any] = [None] * len(self.pending)
        for batch in list(self.unstarted):
            if hasattr(batch, "start"):
                self._start(batch)
            else:
                indexes = self.unstarted.pop(batch)
                for i, results in zip(indexes, batch(self.doc, self._calls(indexes)),
                                      strict=True):
                    outcomes[i] = results
        # Results are added in call order as their chunk comes back, so mapping a chunk's
        # results overlaps Node's work on the next ones.
        chunk_of = {indexes[0]: (indexes, results_of) for _, indexes, results_of in self.started}
        pending = self.pending
        for index, (_, rule, path, _, _, data) in enumerate(pending):
            chunk = chunk_of.get(index)
            if chunk is not None:
                for i, results in zip(chunk[0], chunk[1](), strict=True):
                    outcomes[i] = results
            for result in outcomes[index] or ():
                self.add(rule, result, path, data, resolved=rule.resolved)
        self.started = []
        self.pending = []

    def cancel(self) -> None:
        """The document's run stopped half-way: drop the calls handed over early."""
        for batch in {id(b): b for b, _, _ in self.started}.values():
            batch.cancel()
        self.started = []

    def _targets(self, value: Any, step: _Step) -> Iterator[tuple[Path, Any]]:
        """Targets of a ``field`` in a matched dict or list (with their relative paths)."""
        kind = step.kind
        if kind == _KEYS:
            # Spectral: Object.keys(value), so an array's indexes as strings ("0", "1").
            keys = value if isinstance(value, dict) else map(str, range(len(value)))
            found = False
            for key in keys:
                found = True
                yield (key,), key
            if not found:
                yield (), None
            return
        if kind == _QUERY:
            found = False
            for _, path, target in self.engine.field_query(step.then.field).walk(value):
                found = True
                yield path, target
            if not found:
                yield (), None
            return
        path = step.field_path
        yield path, _get(value, path)

    def _place(self, raw: Path, data: Any) -> tuple[Document, Path, Any, Path, bool]:
        """Where a result at ``raw`` in ``data`` is reported: the document, the path that
        exists there, its value, the part of ``raw`` that does not exist, and whether the
        result's path was rewritten to the written tree (its message may name it)."""
        doc = self.doc
        path, value = _closest(data, raw)
        missing = raw[len(path):]  # what the result names that does not exist
        if data is doc.data:
            return doc, path, value, missing, False
        # a resolved tree: report where the value is written
        bundled = data is self.bundle_data
        if not bundled and _written_here(doc.data, path):
            # Spectral (findAssociatedItemForPath): a path that reaches no $ref as
            # written, e.g. a sibling of a $ref (`{$ref: X, description: d}` ->
            # .../description), is reported here, not at the $ref's target.
            written, value = _closest(doc.data, raw)
            return doc, written, value, raw[len(written):], len(written) > len(path)
        doc, path = self.engine.origin(doc, path, bundled=bundled)
        path, value = _closest(doc.data, path)
        return doc, path, value, missing, False

    def add(self, rule: Rule, result: Result, target_path: Path, data: Any,
            *, resolved: bool) -> None:
        if isinstance(result, FunctionFailure):
            rule = _FUNCTION_ERROR_RULE
        raw = tuple(result.path if result.path is not None else target_path)
        error = result.message
        try:
            place = self.places.get((raw, id(data)))
        except TypeError:  # an unhashable segment: map it without the cache
            place = None
        if place is None or place[5] is not data:
            place = (*self._place(raw, data), data)  # (the tree kept: ids are not reused)
            with contextlib.suppress(TypeError):
                self.places[(raw, id(data))] = place
        doc, path, value, missing, renamed, _ = place
        if renamed and "property " in error:
            # The function named the property as the resolved tree has it
            # (`"schema.description" property`); Spectral prints it where reported.
            from govlint.functions.core._js import print_property

            said = print_property(data, raw)
            if error.startswith(said):
                error = print_property(doc.data, raw) + error[len(said):]
        if result.severity is None and not rule.overrides:
            severity = rule.severity
        else:
            severity = self._severity(rule, result, path)
        if severity is Severity.OFF:
            return
        message = self._message(rule, error, path, value, missing)
        key = (rule.name, doc.file, doc.index, path, message)
        if key in self.seen:
            return
        self.seen.add(key)
        span = doc.locate(path)  # only now: a clean run never computes a position
        self.findings.append(
            Finding(
                rule=rule.name,
                severity=severity,
                message=message,
                file=doc.file,
                path=path,
                document=doc.index,
                line=span.line,
                column=span.column,
                end_line=span.end_line,
                end_column=span.end_column,
                value_digest=value_digest(value),
            )
        )

    def _severity(self, rule: Rule, result: Result, path: Path) -> Severity:
        severity = rule.severity
        if result.severity is not None:
            severity = Severity.parse(result.severity)
        if rule.overrides:
            file = self.engine._ruleset_relative(self.doc)
            best_len = -1
            for glob, pointer, sev in rule.overrides:
                if not matches(file, (glob,)):
                    continue
                if pointer is None:
                    if best_len <= 0:
                        severity, best_len = sev, 0
                    continue
                from govlint.findings.model import path_from_pointer

                prefix = path_from_pointer(pointer)
                if [str(p) for p in path[: len(prefix)]] == list(prefix) and \
                        len(prefix) >= best_len:
                    severity, best_len = sev, len(prefix)
        return severity

    def _message(self, rule: Rule, error: str, path: Path, value: Any,
                 missing: Path = ()) -> str:
        """Spectral's message: the rule's template (else its description, else the
        function's error) with ``{{error}}``, ``{{path}}``... filled in. Only what a
        template uses is worked out: most messages need neither rendering nor pointer."""
        if rule.message is None:
            if rule.description is not None:
                return rule.description.strip()
            if "{{" not in error:
                return error.strip()
            message = None
        else:
            message = self.engine.template(rule.message)
            if message.text is not None:  # no variables in it
                return message.text.strip()
        error_template = self.engine.template(error) if "{{" in error else None
        variables = {
            "property": _property(path, missing),
            "error": error,
            "description": rule.description,  # null when the rule has none, as in Spectral
            "value": value,
        }
        if (message is not None and message.uses_path) or \
                (error_template is not None and error_template.uses_path):
            variables["path"] = _print_pointer(path)
        if error_template is not None:
            error = _render(error_template, variables)
            variables["error"] = error
        if message is None:
            return error.strip()
        return _render(message, variables).strip()


def _property(path: Path, missing: Path) -> str:
    """Spectral's ``{{property}}``: the last key of the path, or, when the result names
    keys that do not exist, those keys from the last existing one on, dotted
    (``get.summary``; at the root only the last missing key)."""
    if not missing:
        return str(path[-1]) if path else ""
    segments = (*path[-1:], *missing) if path else missing[-1:]
    out = ""
    for i, segment in enumerate(segments):
        text = str(segment)
        if isinstance(segment, int) or (text and _is_js_numeric(text)):
            out += f"[{text}]"
        elif text == "":
            out += "['']"
        elif any(c.isspace() for c in text):
            out += f"['{text}']"
        else:
            out += ("." if i else "") + text
    return out.replace("~1", "/").replace("~0", "~")


# What JavaScript's Number() accepts (whitespace around; hex/octal/binary without sign).
# Each character has one way to match (``\d+(?:\.\d*)?``, not ``\d+\.?\d*``; trailing
# blanks only after a number): the ambiguous spelling was quadratic on a 50 KB digit run.
_JS_NUMBER = re.compile(r"\s*(?:(?:[+-]?(?:\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?"
                        r"|Infinity)|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+)\s*)?")


def _is_js_numeric(text: str) -> bool:
    """JS ``!Number.isNaN(Number(text))``."""
    return _JS_NUMBER.fullmatch(text) is not None


_FUNCTION_ERROR_RULE = Rule(name="function-error", given=[], then=[],
                            severity=Severity.ERROR, message="{{error}}")


def _call(then: Then, target: Any, ctx: FunctionContext, rule: Rule) -> Any:
    """Call a rule function; if it fails, report that (rule ``function-error``, at the
    target) instead of crashing the run, so one odd document never hides other results."""
    try:
        results = then.function.impl(target, then.options or {}, ctx)
        return list(results) if results else None
    except GovlintError:  # a broken ruleset/config (e.g. a var that is no regex): exit 2
        raise
    except Exception as exc:  # any bug or unexpected shape in a function
        ctx_doc = ctx.document
        return [_function_error(then, rule, exc, ctx.path if ctx_doc is not None else None)]


def _function_error(then: Then, rule: Rule, exc: Exception, path: Path | None) -> Result:
    message = (f"rule {rule.name}: function {then.function.name!r} failed here "
               f"({type(exc).__name__}: {exc}); the check did not run")
    return _FunctionError(message, path)


class _FunctionError(FunctionFailure):
    """A result that reports a crashed function under its own rule id."""

    __slots__ = ()


# --- Spectral helpers ------------------------------------------------------------------

# Spectral's Replacer: ``{{name}}`` is a variable (the name exactly as written);
# ``#{{expression}}`` is evaluated: govlint knows ``print("name")`` and a bare name.
_TEMPLATE = re.compile(r"(#?){{([^}\n]+)}}")
_PRINT = re.compile(r"print\(\s*(?:'([^']*)'|\"([^\"]*)\")\s*\)")
# Template operations: literal text, a variable, print("property"), print("value"),
# print(<other variable>), an expression govlint does not evaluate (renders empty).
_TEXT, _VAR, _PRINT_PROPERTY, _PRINT_VALUE, _PRINT_VAR, _NOTHING = range(6)


@dataclass(slots=True, frozen=True)
class _Template:
    """A message template parsed once: its operations, whether it reads ``{{path}}``
    (a pointer to escape), and its text when it has no variables at all."""

    ops: tuple[tuple[int, str], ...]
    uses_path: bool
    text: str | None


def _template_spans(text: str) -> Iterator[tuple[int, int, bool, str]]:
    """What ``_TEMPLATE.finditer`` finds — (start, end, evaluated, body) — in linear time.
    The regex retries from every ``{{`` up to the end of the line: a message quoting a
    60 KB path key of ``{`` took minutes. Every start before the first ``}`` (or newline)
    after a ``{{`` ends there the same way, so the scan skips past it."""
    pos = 0
    while True:
        start = text.find("{{", pos)
        if start < 0:
            return
        close = text.find("}", start + 2)
        if close < 0:
            return
        newline = text.find("\n", start + 2, close)
        if newline >= 0:  # no start before the newline can reach a "}}"
            pos = newline + 1
            continue
        if close == start + 2:  # "{{}": the body needs a character
            pos = start + 1
            continue
        if not text.startswith("}}", close):  # every start before `close` stops there
            pos = close + 1
            continue
        evaluated = start > pos and text[start - 1] == "#"
        yield (start - 1 if evaluated else start), close + 2, evaluated, text[start + 2:close]
        pos = close + 2


def _parse_template(text: str) -> _Template:
    ops: list[tuple[int, str]] = []
    pos = 0
    for start, end, evaluated, body in _template_spans(text):
        if start > pos:
            ops.append((_TEXT, text[pos:start]))
        ops.append(_template_op(body, evaluated=evaluated))
        pos = end
    if pos < len(text):
        ops.append((_TEXT, text[pos:]))
    static = all(op == _TEXT for op, _ in ops)
    return _Template(tuple(ops), any(name == "path" for op, name in ops if op != _TEXT),
                     text if static else None)


def _template_op(body: str, *, evaluated: bool) -> tuple[int, str]:
    if not evaluated:
        return (_VAR, body)
    expression = body.strip()
    call = _PRINT.fullmatch(expression)
    if call:
        name = call.group(1) if call.group(1) is not None else call.group(2)
        if name == "property":
            return (_PRINT_PROPERTY, name)
        if name == "value":
            return (_PRINT_VALUE, name)
        return (_PRINT_VAR, name)
    if re.fullmatch(r"[A-Za-z_$][\w$]*", expression):
        return (_VAR, expression)
    return (_NOTHING, expression)


def _render(template: _Template, variables: Mapping[str, Any]) -> str:
    out: list[str] = []
    for op, text in template.ops:
        if op == _TEXT:
            out.append(text)
        elif op == _VAR:
            if text in variables:  # unknown variables render empty, as Spectral's do
                out.append(js_string(variables[text]))
        elif op == _PRINT_PROPERTY:
            prop = variables["property"]
            out.append(f'"{prop}" property ' if prop != "" else "The document ")
        elif op == _PRINT_VALUE:
            out.append(print_value(variables["value"]))
        elif op == _PRINT_VAR and variables.get(text) is not None:
            out.append(js_string(variables[text]))
    return "".join(out)


def js_string(value: Any) -> str:
    """JavaScript's ``String(value)`` for parsed JSON/YAML data."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        from govlint.functions.core._js import js_number

        return js_number(value)
    if isinstance(value, dict):
        return "[object Object]"
    if isinstance(value, list):
        return ",".join("" if v is None else js_string(v) for v in value)
    return str(value)


def print_value(value: Any) -> str:
    """Spectral's printValue: objects and arrays by shape, scalars as JSON."""
    if isinstance(value, dict):
        return "Object{}"
    if isinstance(value, list):
        return "Array[]"
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _print_pointer(path: Path) -> str:
    """Spectral's ``{{path}}``: an escaped JSON pointer with a leading '#'."""
    from govlint.findings.model import pointer_from_path

    return "#" + pointer_from_path(path)


def _lodash_path(field: str) -> Path:
    """lodash ``toPath``: ``a.b[0]['c.d']`` -> ('a', 'b', '0', 'c.d')."""
    out: list[str | int] = []
    for m in re.finditer(r"\[(?:'([^']*)'|\"([^\"]*)\"|([^\]]*))\]|([^.\[\]]+)", field):
        quoted = m.group(1) if m.group(1) is not None else m.group(2)
        out.append(quoted if quoted is not None else (m.group(3) or m.group(4) or ""))
    return tuple(out)


def _get(data: Any, path: Iterable[str | int]) -> Any:
    node = data
    for key in path:
        if isinstance(node, dict):
            if key in node:
                node = node[key]
                continue
            if not isinstance(key, str) and str(key) in node:
                node = node[str(key)]
                continue
            return None
        if isinstance(node, list):
            try:
                index = int(key)
            except (TypeError, ValueError):
                return None
            if 0 <= index < len(node):
                node = node[index]
                continue
            return None
        return None
    return node


def _written_here(data: Any, path: Path) -> bool:
    """Spectral's ``traverseObjUntilRef(unresolved, path) === null``: ``path`` leads through
    the document as written without entering a ``$ref`` (a key written beside a ``$ref``
    is taken as written) and does not end on a ``$ref`` object that has no siblings."""
    node = data
    for key in path:
        if isinstance(node, dict):
            if key in node:
                node = node[key]
                continue
            if str(key) in node:
                node = node[str(key)]
                continue
            return False  # under a $ref (or not written at all): follow refs as before
        if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
            continue
        return False
    return not (isinstance(node, dict) and isinstance(node.get("$ref"), str) and len(node) == 1)


def _closest(data: Any, path: Path) -> tuple[Path, Any]:
    """The longest prefix of ``path`` that exists (Spectral's getClosestJsonPath), with list
    indexes as ints and keys as they appear in the document, and the value there."""
    node = data
    out: list[str | int] = []
    for key in path:
        if isinstance(node, dict):
            if key in node:
                node = node[key]
                out.append(key)
                continue
            skey = str(key)
            if skey in node:
                node = node[skey]
                out.append(skey)
                continue
            break
        if isinstance(node, list):
            try:
                index = int(key)
            except (TypeError, ValueError):
                break
            if 0 <= index < len(node):
                node = node[index]
                out.append(index)
                continue
        break
    return tuple(out), node


def value_digest(value: Any) -> str:
    """A short hash of the offending value for fingerprints. Scalars hash by value (changing
    an enum value or a code makes a new finding); containers only by their type, so adding
    an unrelated key to an object keeps the fingerprint (its pointer still tells it apart)."""
    if isinstance(value, dict):
        return _OBJECT_DIGEST
    if isinstance(value, list):
        return _ARRAY_DIGEST
    return _digest(f"s:{type(value).__name__}:{value}")


def _digest(basis: str) -> str:
    return hashlib.blake2b(basis.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


_OBJECT_DIGEST = _digest("object")
_ARRAY_DIGEST = _digest("array")
