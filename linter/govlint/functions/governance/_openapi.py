"""Reading OpenAPI documents, for the OpenAPI and the platform governance functions alike
(not a rule module): references, operations, parameters, responses, written objects.

The governance functions read the document *unresolved* (rules set ``resolved: false``)
and follow local ``$ref`` themselves, so a finding points at the place that must change
(the component, not each of its uses) and a shared definition is reported once. For a
spec split over files the engine hands them its bundle (file refs resolved, local refs
kept: :func:`govlint.documents.refs.bundle`), so the same code reads the whole API and the
engine reports each finding in the file where the value is written.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator, Mapping
from typing import Any, NamedTuple

from govlint.findings.model import Path
from govlint.functions.governance._values import as_dict, as_list

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def is_oas2(data: Any) -> bool:
    return isinstance(data, dict) and "swagger" in data


def pointer_path(ref: str) -> Path | None:
    """Path of a local ``#/a/b`` reference; ``None`` for anything else (external files)."""
    if not isinstance(ref, str) or not ref.startswith("#"):
        return None
    body = ref[1:]
    if body in ("", "/"):
        return ()
    if not body.startswith("/"):
        return None
    from urllib.parse import unquote

    return tuple(
        unquote(p).replace("~1", "/").replace("~0", "~") for p in body[1:].split("/")
    )


def get(data: Any, path: Path) -> Any:
    node = data
    for key in path:
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and isinstance(key, (int, str)) and str(key).isdigit() \
                and int(key) < len(node):
            node = node[int(key)]
        else:
            return None
    return node


def resolve(data: Any, node: Any, path: Path) -> tuple[Any, Path]:
    """Follow local ``$ref`` chains from ``node`` (at ``path``): the target and its path.

    An external or broken reference yields ``(None, path)``: callers skip what they cannot
    see rather than guess (the documents stage reports broken references).
    """
    seen: set[Path] = set()
    while isinstance(node, dict) and "$ref" in node:
        target = pointer_path(node["$ref"])
        if target is None or target in seen:
            return None, path
        seen.add(target)
        node, path = get(data, target), target
        if node is None:
            return None, path
    return node, path


class Operation(NamedTuple):
    """One operation: its path template, method (lower case), the operation object and its
    path in the document (under the path item a local ``$ref`` leads to, if any)."""

    template: str
    method: str
    data: Mapping[str, Any]
    path: Path

    @property
    def label(self) -> str:
        """How messages name the operation: ``GET /v1/orders``."""
        return f"{self.method.upper()} {self.template}"

    @property
    def responses_path(self) -> Path:
        """Where a finding about the responses points: the map, else the operation."""
        return (*self.path, "responses") if isinstance(self.data.get("responses"), dict) \
            else self.path


def operations(data: Any) -> Iterator[Operation]:
    """Every operation under ``paths`` (extensions ``x-*`` are not path items)."""
    paths = data.get("paths") if isinstance(data, dict) else None
    if not isinstance(paths, dict):
        return
    for template, item in paths.items():
        if not isinstance(template, str) or template.startswith("x-"):
            continue
        item, item_path = resolve(data, item, ("paths", template))
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield Operation(template, method, op, (*item_path, method))


def path_item(data: Any, template: str) -> tuple[Mapping[str, Any], Path]:
    item, item_path = resolve(data, get(data, ("paths", template)), ("paths", template))
    return as_dict(item), item_path


def parameters(data: Any, op: Operation) -> Iterator[tuple[Mapping[str, Any], Path]]:
    """Parameters that apply to an operation, resolved: its own, then those of its path
    item that it does not override (same ``name`` and ``in``)."""
    item, item_path = path_item(data, op.template)
    own: set[tuple[str, str]] = set()
    for owner, owner_path in ((op.data, op.path), (item, item_path)):
        for i, param in enumerate(as_list(owner.get("parameters"))):
            target, target_path = resolve(data, param, (*owner_path, "parameters", i))
            if not isinstance(target, dict):
                continue
            key = (str(target.get("name", "")).lower(), str(target.get("in", "")))
            if owner is op.data:
                own.add(key)
            elif key in own:
                continue
            yield target, target_path


def is_header(param: Mapping[str, Any], names: Container[str] | None = None) -> bool:
    """A header parameter, named any of ``names`` when given (lowercase: HTTP header names
    are case-insensitive)."""
    return str(param.get("in", "")).lower() == "header" and (
        names is None or str(param.get("name", "")).lower() in names)


def header_params(
    data: Any, op: Operation, names: Container[str] | None = None
) -> list[Mapping[str, Any]]:
    """Header parameters of an operation (own or path-level, by ``$ref`` too), only those
    named any of ``names`` when given."""
    return [p for p, _ in parameters(data, op) if is_header(p, names)]


def header_names(data: Any, op: Operation) -> set[str]:
    """Lower-cased names of the header parameters of an operation."""
    return {p["name"].lower() for p in header_params(data, op) if isinstance(p.get("name"), str)}


def responses(op: Operation) -> Iterator[tuple[str, Any, Path]]:
    """(status key as a string, response object, its path). YAML may read ``404:`` as an int."""
    resp = op.data.get("responses")
    if not isinstance(resp, dict):
        return
    for key, value in resp.items():
        yield str(key), value, (*op.path, "responses", key)


def is_error_status(status: str) -> bool:
    return status[:1] in ("4", "5") or status == "default"


def status_codes(op: Operation) -> set[str]:
    """The response keys of an operation, upper-cased (``4XX``, ``DEFAULT``)."""
    return {status.upper() for status, _, _ in responses(op)}


def documents_status(codes: set[str], status: int) -> bool:
    """Whether ``codes`` (:func:`status_codes`) document ``status`` exactly or by its
    range (``4XX``)."""
    return str(status) in codes or f"{str(status)[0]}XX" in codes


def find_operations(data: Any, method: str | None, path: str) -> list[Operation]:
    """Operations matching ``method`` (any when ``None``) and a concrete or templated
    ``path`` (``/v1/orders/42`` matches ``/v1/orders/{orderId}``)."""
    wanted = _segments(path)
    return [op for op in operations(data)
            if (method is None or op.method == method.lower())
            and (op.template == path or _template_match(_segments(op.template), wanted))]


def _segments(path: str) -> list[str]:
    return [s for s in path.strip().split("/") if s]


_TEMPLATE_PARAM = re.compile(r"^\{[^}]+\}$")


def _template_match(template: list[str], concrete: list[str]) -> bool:
    if len(template) != len(concrete):
        return False
    pairs = zip(template, concrete, strict=True)
    return all(t == c or _TEMPLATE_PARAM.match(t) or _TEMPLATE_PARAM.match(c) for t, c in pairs)


# --- objects as written (``$ref`` uses not followed: each definition once) ---------------

# Where reusable parameters, responses, request bodies and headers are defined.
_HOLDER_GROUPS = (("parameters",), ("responses",), ("components", "parameters"),
                  ("components", "responses"), ("components", "requestBodies"),
                  ("components", "headers"))
_PARAMETER_GROUPS = (("parameters",), ("components", "parameters"))


def entries(data: Any, groups: tuple[Path, ...]) -> Iterator[tuple[Any, Path]]:
    """The named entries of the maps at ``groups`` (e.g. ``components/schemas``)."""
    for base in groups:
        group = get(data, base)
        if isinstance(group, dict):
            for name, value in group.items():
                yield value, (*base, name)


def written_owners(data: Any) -> Iterator[tuple[Mapping[str, Any], Path]]:
    """Path items and their operations as written: where parameters, request bodies and
    responses are declared in place."""
    paths = data.get("paths") if isinstance(data, dict) else None
    if not isinstance(paths, dict):
        return
    for template, item in paths.items():
        if not isinstance(item, dict) or str(template).startswith("x-"):
            continue
        yield item, ("paths", template)
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                yield item[method], ("paths", template, method)


def response_headers(response: Any, path: Path) -> Iterator[tuple[Any, Path]]:
    headers = response.get("headers") if isinstance(response, dict) else None
    if isinstance(headers, dict):
        for name, header in headers.items():
            yield header, (*path, "headers", name)


def written_parameters(data: Any) -> Iterator[tuple[Any, Path]]:
    """Every parameter object written in the document."""
    yield from entries(data, _PARAMETER_GROUPS)
    for owner, owner_path in written_owners(data):
        for i, param in enumerate(as_list(owner.get("parameters"))):
            yield param, (*owner_path, "parameters", i)


def written_holders(data: Any) -> Iterator[tuple[Any, Path]]:
    """Every parameter, request body, response and response header written in the
    document: the objects that carry schemas and examples."""
    for holder, path in entries(data, _HOLDER_GROUPS):
        yield holder, path
        if path[-2] == "responses":
            yield from response_headers(holder, path)
    for owner, owner_path in written_owners(data):
        for i, param in enumerate(as_list(owner.get("parameters"))):
            yield param, (*owner_path, "parameters", i)
        if isinstance(owner.get("requestBody"), dict):
            yield owner["requestBody"], (*owner_path, "requestBody")
        for status, response in as_dict(owner.get("responses")).items():
            yield response, (*owner_path, "responses", status)
            yield from response_headers(response, (*owner_path, "responses", status))


def media_base(media: Any) -> str:
    """``application/json; charset=utf-8`` -> ``application/json``."""
    return str(media).split(";", 1)[0].strip().lower()


def is_json_media(media: Any) -> bool:
    base = media_base(media)
    return base in ("*/*", "application/*") or base.endswith(("/json", "+json"))


def example_values(data: Any, holder: Mapping[str, Any], path: Path) -> Iterator[tuple[Any, Path]]:
    """Example values of a media type / parameter / header: ``example`` and
    ``examples.*.value`` (``$ref`` to components/examples followed)."""
    if "example" in holder:
        yield holder["example"], (*path, "example")
    for name, example in as_dict(holder.get("examples")).items():
        example, example_path = resolve(data, example, (*path, "examples", name))
        if isinstance(example, dict) and "value" in example:
            yield example["value"], (*example_path, "value")
