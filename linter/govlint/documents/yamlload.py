"""YAML reading: safe only, YAML 1.2 core schema, bounded time and memory.

Fast path: ``fast_yaml`` (fastyaml-rs, Rust) parses the whole stream and its linter looks for
duplicate keys; on a clean file that is all (about 30x PyYAML's C loader on a 10 MB spec;
docs/benchmarks.md). Anything else (a syntax error, a duplicate key, a key Python cannot
hold) goes to the slow path: PyYAML, one document chunk at a time, so one broken document
does not hide the others, with PyYAML's exact error messages, duplicate keys reported with
their path, aliases expansion capped and nesting bounded (PyYAML's C composer recurses in C
and would crash on ``[[[[...``; such text gets the pure-Python composer, whose recursion
is caught). Tags never construct objects: unknown and Python tags load as plain data.
Timestamps stay strings, as in JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from govlint.findings.model import Path

# A '---' line after the first, found from the newline before it (a literal prefix: ``^``
# with re.M costs 10x more on a large text).
_MARKER = re.compile(r"\n---(?=[ \t\r\n]|\Z)")
# One way to match each character (a comment runs to its newline): no exponential backtracking.
_PREAMBLE = re.compile(r"(?:[ \t\r\n]|#[^\n]*(?:\n|\Z)|%[^\n]*(?:\n|\Z))*\Z")
_DEEP_FLOW = re.compile(r"(?:[\[{][^\[\]{}]{0,40}){400}")
_DEEP_BLOCK = re.compile(r"^[ \t]{1500,}\S", re.M)
_FY_POSITION = re.compile(r"line (\d+),? column (\d+)")
_FY_LIMITS = ("alias expansion", "nesting")  # not "lookahead": PyYAML copes with that
MAX_ALIAS_NODES = 1_000_000


@dataclass(slots=True)
class Problem:
    """A finding in the making (the loader adds file and severity)."""

    rule: str
    message: str
    line: int = 1
    column: int = 1
    document: int | None = None
    path: Path = ()


@dataclass(slots=True)
class Chunk:
    """The text of one document of a stream and the line it starts on (1-based)."""

    text: str
    first_line: int


@dataclass(slots=True)
class YamlResult:
    documents: list[tuple[int, Any]] = field(default_factory=list)  # (chunk index, data)
    chunks: list[Chunk] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    whole_stream: bool = False  # documents are indexed in the stream, not by chunk


def split_chunks(text: str) -> list[Chunk]:
    """Split a stream at ``---`` lines (column 0 is always a marker in YAML). A leading
    chunk holding only comments or directives is merged into the next one."""
    starts = [0, *(m.start() + 1 for m in _MARKER.finditer(text))]
    chunks: list[Chunk] = []
    line = 1
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        piece = text[start:end]
        chunks.append(Chunk(piece, line))
        line += piece.count("\n")
    if len(chunks) > 1 and _PREAMBLE.match(chunks[0].text):
        first = chunks.pop(0)
        chunks[0] = Chunk(first.text + chunks[0].text, first.first_line)
    return chunks


def is_preamble(text: str) -> bool:
    """True for text with no document in it (only blanks, comments, directives)."""
    return _PREAMBLE.match(text) is not None


def load_yaml(text: str) -> YamlResult:
    chunks = split_chunks(text)
    fast = _fast_load(text)
    if isinstance(fast, Problem):
        return YamlResult(chunks=chunks, problems=[fast])
    if fast is not None:
        nonempty = [k for k, c in enumerate(chunks) if not _PREAMBLE.match(c.text)]
        if len(nonempty) == len(fast):
            return YamlResult(list(zip(nonempty, fast, strict=True)), chunks)
        return YamlResult(list(enumerate(fast)), chunks, whole_stream=True)
    return _slow_load(chunks)


def _fast_load(text: str) -> list[Any] | Problem | None:
    """Documents via fast_yaml; ``None``: let PyYAML decide (error or duplicate keys)."""
    try:
        import fast_yaml
        from fast_yaml._core import lint
    except ImportError:  # pragma: no cover - a dependency, but PyYAML alone still works
        return None
    budget = max(1 << 20, 4 * len(text))
    duplicates = _DuplicateCheck(text, lint)
    try:
        documents = list(fast_yaml.safe_load_all(text, max_alias_bytes=min(budget, 1 << 26)))
        if duplicates.found():
            return None
    except RecursionError:
        return Problem("parse-error", "YAML nesting is too deep to load")
    except Exception as exc:  # fast_yaml reports every problem as ValueError & co.
        message = str(exc)
        if any(word in message for word in _FY_LIMITS):
            m = _FY_POSITION.search(message)
            line, column = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
            message = message.split("YAML parse error:", 1)[-1].strip()
            return Problem("parse-error", f"YAML not loaded (safety limit): {message}",
                           line, column)
        return None
    finally:
        duplicates.join()
    return documents


# Above this size the duplicate-key lint runs in a thread beside the parse: it releases the
# GIL, so on a 10 MB spec it costs no wall time (~250 ms of CPU on another core).
_THREADED_LINT = 256 * 1024


class _DuplicateCheck:
    """fast_yaml's duplicate-key lint of ``text``, started now, its answer read later."""

    def __init__(self, text: str, lint: Any) -> None:
        self._outcome: bool | BaseException | None = None
        self._thread: Any = None
        if len(text) < _THREADED_LINT:
            self._run(text, lint)
            return
        import threading

        self._thread = threading.Thread(target=self._run, args=(text, lint), daemon=True)
        self._thread.start()

    def _run(self, text: str, lint: Any) -> None:
        try:
            self._outcome = _has_duplicates(text, lint)
        except BaseException as exc:  # re-raised by found(), in the caller's thread
            self._outcome = exc

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def found(self) -> bool:
        """True when the text has a duplicate key; the lint's own exception otherwise."""
        self.join()
        if isinstance(self._outcome, BaseException):
            raise self._outcome
        return bool(self._outcome)


_LINT_CONFIG: Any = None


def _has_duplicates(text: str, lint: Any) -> bool:
    global _LINT_CONFIG
    if _LINT_CONFIG is None:
        config = lint.LintConfig(max_line_length=None)
        for rule in ("key-ordering", "line-length", "indentation", "empty-lines",
                     "quoted-strings", "invalid-anchor", "document-start", "truthy",
                     "trailing-spaces", "comments", "empty-values", "float-values",
                     "octal-values", "new-lines", "braces", "brackets", "colons", "commas",
                     "hyphens", "anchors", "comments-indentation", "new-line-at-end-of-file",
                     "document-end"):
            try:
                config = config.with_disabled_rule(rule)
            except ValueError:
                continue
        _LINT_CONFIG = config
    return any(d.code == "duplicate-key" for d in lint.lint(text, _LINT_CONFIG))


# ---------------------------------------------------------------- slow path: PyYAML


def _slow_load(chunks: list[Chunk]) -> YamlResult:
    result = YamlResult(chunks=chunks)
    multi = sum(1 for c in chunks if not _PREAMBLE.match(c.text)) > 1
    for k, chunk in enumerate(chunks):
        document = k if multi else None
        if _PREAMBLE.match(chunk.text):
            continue
        data, problems = load_chunk(chunk)
        for problem in problems:
            problem.document = document
        result.problems.extend(problems)
        if data is not _BROKEN:
            result.documents.append((k, data))
    return result


_BROKEN = object()


def load_chunk(chunk: Chunk) -> tuple[Any, list[Problem]]:
    """One document with PyYAML: (data or _BROKEN, problems)."""
    import yaml

    problems: list[Problem] = []
    text = chunk.text
    pure = bool(_DEEP_FLOW.search(text) or _DEEP_BLOCK.search(text))
    loader = _loader_class(pure)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, problems
        problems.extend(_check_nodes(node, chunk.first_line))
        if any(p.rule == "parse-error" for p in problems):
            return _BROKEN, problems
        return loader.construct_document(node), problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + chunk.first_line
        column = (mark.column if mark else 0) + 1
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        problems.append(Problem("parse-error", f"invalid YAML: {message}", line, column))
    except yaml.YAMLError as exc:
        problems.append(Problem("parse-error", f"invalid YAML: {exc}", chunk.first_line, 1))
    except RecursionError:
        problems.append(Problem("parse-error", "YAML nesting is too deep to load",
                                chunk.first_line, 1))
    finally:
        loader.dispose()
    return _BROKEN, problems


def _check_nodes(root: Any, first_line: int) -> list[Problem]:
    """Duplicate keys (with their path) and alias expansion, walking without recursion."""
    import yaml

    problems: list[Problem] = []
    expanded = 0
    stack: list[tuple[Any, Path] | None] = [(root, ())]
    seen_nodes: set[int] = set()
    ancestors: list[int] = []  # ids of the collections above the node (None marks a leave)
    on_path: set[int] = set()
    while stack:
        item = stack.pop()
        if item is None:  # every child of the innermost open collection was walked
            on_path.discard(ancestors.pop())
            continue
        node, path = item
        if id(node) in on_path:  # ``a: &a [*a]``: an alias inside its own anchor
            mark = node.start_mark
            problems.append(Problem(
                "parse-error", "YAML alias refers to a collection that contains it "
                "(a recursive structure, which JSON cannot hold): not loaded",
                mark.line + first_line, mark.column + 1, path=path))
            return problems
        expanded += 1
        if expanded > MAX_ALIAS_NODES:
            problems.append(Problem(
                "parse-error",
                f"YAML aliases expand to more than {MAX_ALIAS_NODES} nodes (alias bomb?)",
                root.start_mark.line + first_line, root.start_mark.column + 1))
            return problems
        first_visit = id(node) not in seen_nodes
        seen_nodes.add(id(node))
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            ancestors.append(id(node))
            on_path.add(id(node))
            stack.append(None)
        if isinstance(node, yaml.MappingNode):
            keys: set[Any] = set()
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if key is not None and first_visit:
                    if key in keys and key != "<<":
                        problems.append(Problem(
                            "duplicate-key", f"duplicate key {key!r} (the last one is used)",
                            key_node.start_mark.line + first_line,
                            key_node.start_mark.column + 1, path=(*path, key)))
                    keys.add(key)
                stack.append((value_node, (*path, key if key is not None else "?")))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, (*path, i)) for i, child in enumerate(node.value))
    return problems


_LOADERS: dict[bool, type] = {}


def _loader_class(pure: bool) -> type:
    """A SafeLoader with the YAML 1.2 core schema and tags loaded as plain data."""
    if pure in _LOADERS:
        return _LOADERS[pure]
    import yaml

    base = yaml.SafeLoader if pure or not hasattr(yaml, "CSafeLoader") else yaml.CSafeLoader

    class Loader(base):  # type: ignore[misc, valid-type]
        yaml_implicit_resolvers: dict[Any, Any] = {}
        yaml_constructors = dict(base.yaml_constructors)
        yaml_multi_constructors: dict[Any, Any] = {}

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            """Complex keys (``{{templated}}: x`` is one) become their JSON text: valid
            YAML that a Python dict cannot hold is not a parse error."""
            if isinstance(node, yaml.MappingNode):
                self.flatten_mapping(node)
            mapping: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                if isinstance(key, (dict, list, set)):
                    key = _key_text(key)
                mapping[key] = self.construct_object(value_node, deep=deep)
            return mapping

    for tag, pattern, first in _CORE_RESOLVERS:
        Loader.add_implicit_resolver(tag, re.compile(pattern, re.X), list(first))
    Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    for tag in ("timestamp", "binary"):
        Loader.add_constructor(f"tag:yaml.org,2002:{tag}", _construct_str)
    Loader.add_constructor("tag:yaml.org,2002:set", _construct_set)
    Loader.add_multi_constructor("", _construct_plain)
    _LOADERS[pure] = Loader
    return Loader


_CORE_RESOLVERS = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"""^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""", "-+0123456789."),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
]


def _key_text(key: Any) -> str:
    import orjson

    try:
        return orjson.dumps(key, default=str, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        return str(key)


def _construct_int(loader: Any, node: Any) -> Any:
    value = str(loader.construct_scalar(node))
    text = value.replace("_", "")
    try:
        if text.startswith("0x"):
            return int(text[2:], 16)
        if text.startswith("0o"):
            return int(text[2:], 8)
        return int(text, 10)
    except ValueError:
        return value


def _construct_str(loader: Any, node: Any) -> Any:
    return loader.construct_scalar(node)


def _construct_set(loader: Any, node: Any) -> Any:
    return dict.fromkeys(loader.construct_mapping(node))


def _construct_plain(loader: Any, suffix: str, node: Any) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)
