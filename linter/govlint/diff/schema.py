"""Comparing two JSON Schemas (request bodies, parameters, response bodies and headers).

Each keyword difference is an *event* (``max-decreased``, ``enum-value-removed``, ...).
The check id is the event under the prefix of where the schema sits
(``request-body-``, ``request-property-``, ``response-property-``, ...), which is how
oasdiff names its checks; an id oasdiff does not define (a response's ``max-decreased``
is harmless) is simply not reported. Whether an event is breaking is the level of its id,
so the direction logic lives in one table (``levels.LEVELS``), not in each comparison.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from govlint.diff.levels import LEVELS
from govlint.findings.model import Path

MAX_DEPTH = 64  # nesting compared at most (resolved specs are finite but can be deep)

# keyword -> event stem, for numeric bounds
_BOUNDS = (
    ("maximum", "max"), ("minimum", "min"),
    ("maxLength", "max-length"), ("minLength", "min-length"),
    ("maxItems", "max-items"), ("minItems", "min-items"),
    ("exclusiveMaximum", "exclusive-max"), ("exclusiveMinimum", "exclusive-min"),
    ("maxContains", "max-contains"), ("minContains", "min-contains"),
)
_PRESENCE = (  # keywords whose appearance or disappearance is the event
    ("contains", "contains"), ("contentSchema", "content-schema"),
    ("if", "if"), ("then", "then"), ("else", "else"),
    ("propertyNames", "property-names"),
    ("unevaluatedItems", "unevaluated-items"),
    ("unevaluatedProperties", "unevaluated-properties"),
)
_ANNOTATIONS = frozenset({
    "title", "description", "example", "examples", "deprecated", "readOnly", "writeOnly",
    "externalDocs", "$comment", "default", "xml",
})
_SUBSCHEMAS = ("items", "additionalProperties", "not", "if", "then", "else", "contains",
               "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema")
_ANY_STRING = frozenset({".*", "^.*$", ".+", "^.+$", "^.*", ".*$"})
_WIDER_FORMAT = {("int32", "int64"), ("float", "double"), ("int32", ""), ("int64", ""),
                 ("float", ""), ("double", "")}


def q(value: Any) -> str:
    """A value quoted for a message."""
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if value is None:
        return "`null`"
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True,
                                                           default=str)
    if len(text) > 200:
        text = text[:197] + "..."
    return "`" + text.replace("`", "'") + "`"  # one code span, whatever the value holds


def types_of(schema: dict[str, Any]) -> tuple[frozenset[str], bool]:
    """(the types a schema allows besides null, whether it allows null): OpenAPI 3.0's
    ``nullable`` / ``x-nullable`` and 3.1's ``type: [..., "null"]`` alike."""
    raw = schema.get("type")
    if isinstance(raw, str):
        found = {raw}
    elif isinstance(raw, list):
        found = {t for t in raw if isinstance(t, str)}
    else:
        found = set()
    nullable = "null" in found or schema.get("nullable") is True \
        or schema.get("x-nullable") is True
    found.discard("null")
    return frozenset(found), nullable


def _number(value: Any) -> float | int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def null_branch(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null" and len(
        [k for k in schema if k not in _ANNOTATIONS]) == 1


def unwrap_nullable(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The schema inside ``oneOf``/``anyOf: [X, {type: "null"}]`` (a nullable wrapper), else
    None."""
    for key in ("oneOf", "anyOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and len(branches) == 2 and \
                sum(1 for b in branches if null_branch(b)) == 1:
            inner = next(b for b in branches if not null_branch(b))
            if isinstance(inner, dict):
                return inner
    return None


@dataclass(frozen=True, slots=True)
class Where:
    """Where a schema sits: what the check ids and messages are built from."""

    direction: str  # "request" | "response"
    root: str  # "body" | "parameter" | "header"
    label: str  # human text: "request body (application/json)", "query parameter `id`"
    form_array_ok: bool = False  # a query parameter with style form, explode: scalar -> array
    param_in: str = ""  # a parameter's location (header object properties have own ids)

    def prefix(self, prop: str | None) -> str:
        if self.root == "body":
            return f"{self.direction}-{'body' if prop is None else 'property'}-"
        if self.root == "parameter":
            return "request-parameter-" if prop is None else "request-parameter-property-"
        return "response-header-" if prop is None else "response-header-property-"


Emit = Callable[[str, str, Path, str], None]  # (id, side, path, message)
# (side, path in that side's resolved spec) -> the $ref the value came through, if any
Namer = Callable[[str, Path], "str | None"]


class SchemaDiff:
    """Compares one schema pair; ``emit`` receives every change with a known id."""

    def __init__(self, emit: Emit, deprecation: Callable[..., None] | None = None,
                 stability: Callable[..., None] | None = None,
                 namer: Namer | None = None) -> None:
        self.emit = emit
        self.deprecation = deprecation
        self.stability = stability
        self.namer = namer

    def compare(self, b: Any, h: Any, where: Where, bpath: Path, hpath: Path,
                prop: str | None = None, depth: int = 0) -> None:
        if b == h or not isinstance(b, dict) or not isinstance(h, dict):
            return
        if depth > MAX_DEPTH:  # say where the comparison stopped (an info notice)
            self.emit("diff-depth-limit", "head", hpath,
                      f"{where.label}: schemas nested deeper than {MAX_DEPTH} levels differ "
                      f"at {prop or 'this level'}; the comparison stops here, changes below "
                      "are not reported")
            return
        if "$ref" in b or "$ref" in h:  # a cycle kept as a ref: compare the targets once
            return
        bw, hw = single_wrapper(b, h), single_wrapper(h, b)
        if bw is not None or hw is not None:  # `allOf: [X]` + nullable/notes is X itself
            bs, bsp = (bw[0], (*bpath, *bw[1])) if bw is not None else (b, bpath)
            hs, hsp = (hw[0], (*hpath, *hw[1])) if hw is not None else (h, hpath)
            emit = self.emit

            def at_wrapper(rid: str, side: str, path: Path, message: str) -> None:
                if side == "head" and path == hsp and rid.endswith("nullable"):
                    path = hpath  # `nullable` is written beside the allOf, not in X
                emit(rid, side, path, message)

            self.emit = at_wrapper
            try:
                self.compare(bs, hs, where, bsp, hsp, prop, depth + 1)
            finally:
                self.emit = emit
            return
        subject = where.label if prop is None else f"{where.label} property {q(prop)}"

        def ev(event: str, message: str, side: str = "head", path: Path | None = None,
               override: str | None = None) -> None:
            rid = override or where.prefix(prop) + event
            if where.param_in == "header" and prop is not None and override is None:
                rid = _variant(rid, "request-parameter-property-", "request-header-property-")
            if prop is not None and where.root == "body" and override is None:
                # a read-only property is never sent, a write-only one never returned:
                # oasdiff's ids for those say so (and are mostly INFO)
                if where.direction == "request" and h.get("readOnly") is True:
                    rid = _variant(rid, "request-property-", "request-read-only-property-")
                elif where.direction == "response" and h.get("writeOnly") is True:
                    rid = _variant(rid, "response-property-",
                                   "response-write-only-property-")
            if rid in LEVELS:
                self.emit(rid, side, path if path is not None else
                          (hpath if side == "head" else bpath), f"{subject}: {message}")

        # Recognised transitions first: they explain the other differences.
        h_spelled = h
        b, h = type_list(b), type_list(h)
        if h is not h_spelled and isinstance(b.get("enum"), list) and "enum" not in h:
            for value in b["enum"]:  # the alternatives claim the type, not the values
                ev("enum-value-removed", f"enum value {q(value)} removed")
        inner = unwrap_nullable(h)
        if inner is not None and unwrap_nullable(b) is None and "oneOf" not in b \
                and "anyOf" not in b:
            if not types_of(b)[1] and where.direction == "response":
                ev("became-nullable", "became nullable (wrapped with a null alternative)")
            key = "oneOf" if "oneOf" in h else "anyOf"
            index = next(i for i, x in enumerate(h[key]) if x is inner)
            self.compare(b, inner, where, bpath, (*hpath, key, index), prop, depth + 1)
            return
        if isinstance(h.get("oneOf"), list) and len(h["oneOf"]) > 1 and "oneOf" not in b \
                and "anyOf" not in b and "allOf" not in b and "properties" not in h \
                and b.get("type") == "object" and prop is None:
            ev("wrapped-in-one-of", "restructured into a `oneOf`: a payload valid before may "
               "match none or several of the alternatives")
            return

        item = h.get("items")
        if where.form_array_ok and prop is None and isinstance(item, dict) and \
                types_of(h)[0] == {"array"} and types_of(b)[0] and \
                "array" not in types_of(b)[0] and types_of(b)[0] <= types_of(item)[0] and \
                not any(k in b for k in ("items", "oneOf", "anyOf", "allOf")):
            # a form-exploded query parameter that became an array of the same scalar
            # accepts every request it accepted; the item's limits are the old ones,
            # compared as the parameter's (oasdiff's itemAcceptsBaseScalarValues)
            ev("type-generalized", f"type widened from {_types_text(types_of(b)[0])} to an "
               "array of them (a form-exploded query parameter accepts a single value too)")
            self.compare(b, {**item, "nullable": types_of(h)[1]} if types_of(b)[1]
                         else item, where, bpath, (*hpath, "items"), prop, depth + 1)
            return
        self._types(b, h, where, prop, ev)
        self._enum(b, h, where, prop, ev)
        for key, stem in _BOUNDS:
            bv, hv = _number(b.get(key)), _number(h.get(key))
            if bv is None and hv is not None:
                ev(f"{stem}-set", f"`{key}` set to {q(hv)}")
            elif bv is not None and hv is None:
                ev(f"{stem}-unset", f"`{key}` {q(bv)} removed", path=hpath)
            elif bv is not None and hv is not None and bv != hv:
                ev(f"{stem}-{'increased' if hv > bv else 'decreased'}",
                   f"`{key}` {'raised' if hv > bv else 'lowered'} from {q(bv)} to {q(hv)}")
        self._pattern(b, h, ev)
        for key, stem in (("default", "default-value"), ("const", "const")):
            if key in b and key not in h:
                ev(f"{stem}-removed", f"`{key}` {q(b[key])} removed")
            elif key not in b and key in h:
                ev(f"{stem}-added", f"`{key}` {q(h[key])} added")
            elif key in b and b[key] != h[key]:
                ev(f"{stem}-changed", f"`{key}` changed from {q(b[key])} to {q(h[key])}")
        for key, stem in _PRESENCE:
            if key in b and key not in h:
                ev(f"{stem}-removed", f"`{key}` removed")
            elif key not in b and key in h:
                ev(f"{stem}-added", f"`{key}` added")
        for key, stem in (("contentMediaType", "content-media-type"),
                          ("contentEncoding", "content-encoding")):
            if b.get(key) != h.get(key):
                ev(f"{stem}-changed", f"`{key}` changed from {q(b.get(key))} to "
                   f"{q(h.get(key))}")
        self._keyed(b, h, ev)
        self._discriminator(b, h, ev)
        self._composition(b, h, where, bpath, hpath, prop, depth, ev)
        if self.deprecation is not None and prop is not None:
            self.deprecation(b, h, where.prefix(prop), subject, hpath, bpath)
        if self.stability is not None and prop is not None:
            self.stability(b, h, where.prefix(prop), subject, hpath)
        self._properties(b, h, where, bpath, hpath, prop, depth)
        for key in _SUBSCHEMAS:
            if isinstance(b.get(key), dict) and isinstance(h.get(key), dict):
                inner_prop = None if where.root == "parameter" and prop is None and \
                    key == "items" else key if prop is None else f"{prop}/{key}"
                self.compare(b[key], h[key], where, (*bpath, key), (*hpath, key),
                             inner_prop, depth + 1)
        for key in ("dependentSchemas", "patternProperties"):
            bk, hk = b.get(key), h.get(key)
            if isinstance(bk, dict) and isinstance(hk, dict):
                for name in sorted(set(bk) & set(hk), key=str):
                    self.compare(bk[name], hk[name], where, (*bpath, key, name),
                                 (*hpath, key, name), f"{prop or ''}/{key}/{name}".lstrip("/"),
                                 depth + 1)
        bpi, hpi = b.get("prefixItems"), h.get("prefixItems")
        if isinstance(bpi, list) and isinstance(hpi, list):
            for i in range(min(len(bpi), len(hpi))):
                self.compare(bpi[i], hpi[i], where, (*bpath, "prefixItems", i),
                             (*hpath, "prefixItems", i),
                             f"{prop or ''}/prefixItems/{i}".lstrip("/"), depth + 1)

    # -- keyword groups ------------------------------------------------------------------

    def _types(self, b: dict[str, Any], h: dict[str, Any], where: Where, prop: str | None,
               ev: Callable[..., None]) -> None:
        bt, bn = types_of(b)
        ht, hn = types_of(h)
        if bn != hn:
            ev("became-nullable" if hn else "became-not-nullable",
               "became nullable" if hn else "became not nullable")
        if bt != ht:
            item_types = types_of(h["items"])[0] if isinstance(h.get("items"), dict) \
                else frozenset()
            if "string" in item_types:  # a query string carries any scalar
                item_types = item_types | {"integer", "number", "boolean"}
            elif "number" in item_types:
                item_types = item_types | {"integer"}
            items = h.get("items") if isinstance(h.get("items"), dict) else {}
            bare = all(k == "type" or k in _ANNOTATIONS for k in items)  # no new limits
            if where.form_array_ok and prop is None and ht == {"array"} and bt and \
                    bt <= item_types and bare:
                ev("type-generalized", f"type widened from {_types_text(bt)} to an array of "
                   "them (a form-exploded query parameter accepts a single value too)")
                return
            if len(bt) > 1 or len(ht) > 1:
                if bt and ht and (ht - bt):
                    ev("list-of-types-widened", f"types {_types_text(ht - bt)} added to the "
                       f"allowed types")
                if bt and ht and (bt - ht):
                    ev("list-of-types-narrowed", f"types {_types_text(bt - ht)} no longer "
                       f"allowed")
                if bt and ht:
                    return
            event = "type-changed"
            if (bt, ht) == ({"integer"}, {"number"}) or (bt and not ht):
                event = "type-generalized"
            elif (bt, ht) == ({"number"}, {"integer"}):
                event = "type-specialized"
            elif bt <= {"object", "string"} and ht <= {"object", "string"} and bt and ht \
                    and where.root == "body" and prop is None and where.label.endswith("xml)"):
                event = "type-compatible"
            if where.prefix(prop) + event not in LEVELS:
                event = "type-changed"
            ev(event, f"type changed from {_types_text(bt)} to {_types_text(ht)}")
            return
        bf, hf = b.get("format") or "", h.get("format") or ""
        if bf != hf and isinstance(bf, str) and isinstance(hf, str):
            event = "type-changed"
            if (bf, hf) in _WIDER_FORMAT:
                event = "type-generalized"
            elif (hf, bf) in _WIDER_FORMAT:
                event = "type-specialized"
            if where.prefix(prop) + event not in LEVELS:
                event = "type-changed"
            ev(event, f"format changed from {q(bf or 'none')} to {q(hf or 'none')}")

    def _enum(self, b: dict[str, Any], h: dict[str, Any], where: Where, prop: str | None,
              ev: Callable[..., None]) -> None:
        be, he = b.get("enum"), h.get("enum")
        if not isinstance(be, list) and isinstance(he, list):
            ev("became-enum", f"restricted to the values {', '.join(q(v) for v in he)}")
        elif isinstance(be, list) and isinstance(he, list):
            bkeys, hkeys = {_key(v) for v in be}, {_key(v) for v in he}
            for value in be:
                if _key(value) not in hkeys:
                    override = "response-mediatype-enum-value-removed" \
                        if where.direction == "response" and where.root == "body" \
                        and prop is None else None
                    ev("enum-value-removed", f"enum value {q(value)} removed",
                       override=override)
            for value in he:
                if _key(value) not in bkeys:
                    ev("enum-value-added", f"enum value {q(value)} added")
        bx, hx = b.get("x-extensible-enum"), h.get("x-extensible-enum")
        if isinstance(bx, list) and isinstance(hx, list):
            hxkeys = {_key(v) for v in hx}
            for value in bx:
                if _key(value) not in hxkeys:
                    ev("x-extensible-enum-value-removed",
                       f"x-extensible-enum value {q(value)} removed")

    @staticmethod
    def _pattern(b: dict[str, Any], h: dict[str, Any], ev: Callable[..., None]) -> None:
        bp, hp = b.get("pattern") or None, h.get("pattern") or None  # '' matches anything
        if bp == hp:
            return
        if bp is None:
            ev("pattern-added", f"pattern {q(hp)} added")
        elif hp is None:
            ev("pattern-removed", f"pattern {q(bp)} removed")
        elif hp in _ANY_STRING:
            ev("pattern-generalized", f"pattern {q(bp)} generalized to {q(hp)}")
        else:
            ev("pattern-changed", f"pattern changed from {q(bp)} to {q(hp)}")

    @staticmethod
    def _keyed(b: dict[str, Any], h: dict[str, Any], ev: Callable[..., None]) -> None:
        bd, hd = b.get("dependentRequired"), h.get("dependentRequired")
        bd = bd if isinstance(bd, dict) else {}
        hd = hd if isinstance(hd, dict) else {}
        for key in sorted(set(bd) | set(hd), key=str):
            if key not in hd:
                ev("dependent-required-removed", f"`dependentRequired` for {q(key)} removed")
            elif key not in bd:
                ev("dependent-required-added", f"`dependentRequired` for {q(key)} added")
            elif bd[key] != hd[key]:
                ev("dependent-required-changed", f"`dependentRequired` for {q(key)} changed "
                   f"from {q(bd[key])} to {q(hd[key])}")
        for key, stem in (("dependentSchemas", "dependent-schema"),
                          ("patternProperties", "pattern-property")):
            bk = b.get(key) if isinstance(b.get(key), dict) else {}
            hk = h.get(key) if isinstance(h.get(key), dict) else {}
            for name in sorted(set(bk) - set(hk), key=str):
                ev(f"{stem}-removed", f"`{key}` entry {q(name)} removed")
            for name in sorted(set(hk) - set(bk), key=str):
                ev(f"{stem}-added", f"`{key}` entry {q(name)} added")
        bpi, hpi = b.get("prefixItems"), h.get("prefixItems")
        bn = len(bpi) if isinstance(bpi, list) else 0
        hn = len(hpi) if isinstance(hpi, list) else 0
        if hn > bn:
            ev("prefix-items-added", f"{hn - bn} `prefixItems` entries added")
        elif hn < bn:
            ev("prefix-items-removed", f"{bn - hn} `prefixItems` entries removed")

    @staticmethod
    def _discriminator(b: dict[str, Any], h: dict[str, Any], ev: Callable[..., None]) -> None:
        bd, hd = b.get("discriminator"), h.get("discriminator")
        if not isinstance(bd, dict) and isinstance(hd, dict):
            ev("discriminator-added", "discriminator added")
            return
        if isinstance(bd, dict) and not isinstance(hd, dict):
            ev("discriminator-removed", "discriminator removed")
            return
        if not isinstance(bd, dict) or not isinstance(hd, dict):
            return
        if bd.get("propertyName") != hd.get("propertyName"):
            ev("discriminator-property-name-changed", f"discriminator property changed from "
               f"{q(bd.get('propertyName'))} to {q(hd.get('propertyName'))}")
        bm = bd.get("mapping") if isinstance(bd.get("mapping"), dict) else {}
        hm = hd.get("mapping") if isinstance(hd.get("mapping"), dict) else {}
        added = sorted(set(hm) - set(bm), key=str)
        removed = sorted(set(bm) - set(hm), key=str)
        if added:
            ev("discriminator-mapping-added", f"discriminator mapping keys "
               f"{', '.join(map(q, added))} added")
        if removed:
            ev("discriminator-mapping-deleted", f"discriminator mapping keys "
               f"{', '.join(map(q, removed))} removed")
        for key in sorted(set(bm) & set(hm), key=str):
            if bm[key] != hm[key]:
                ev("discriminator-mapping-changed", f"discriminator mapping {q(key)} changed "
                   f"from {q(bm[key])} to {q(hm[key])}")

    def _composition(self, b: dict[str, Any], h: dict[str, Any], where: Where, bpath: Path,
                     hpath: Path, prop: str | None, depth: int,
                     ev: Callable[..., None]) -> None:
        """allOf/anyOf/oneOf alternatives matched by the component they reference (or their
        title), then by equality, then in order; unmatched ones were added or removed, and
        matched ones are compared as properties named ``oneOf[Name]``, as oasdiff does."""
        for key, stem in (("allOf", "all-of"), ("anyOf", "any-of"), ("oneOf", "one-of")):
            bl = b.get(key) if isinstance(b.get(key), list) else []
            hl = h.get(key) if isinstance(h.get(key), list) else []
            if bl == hl:
                continue
            bnames = [self._name("base", (*bpath, key, i), x) for i, x in enumerate(bl)]
            hnames = [self._name("head", (*hpath, key, j), y) for j, y in enumerate(hl)]
            pairs: dict[int, int] = {}
            for i, name in enumerate(bnames):
                if name is not None and name in hnames and hnames.index(name) not in \
                        pairs.values():
                    pairs[i] = hnames.index(name)
            for i, x in enumerate(bl):  # equal content: unless both are named otherwise
                if i in pairs:
                    continue
                j = next((j for j, y in enumerate(hl) if j not in pairs.values() and y == x
                          and (bnames[i] is None or hnames[j] is None)), None)
                if j is not None:
                    pairs[i] = j
            rest_b = [i for i in range(len(bl)) if i not in pairs]
            rest_h = [j for j in range(len(hl)) if j not in pairs.values()]
            inline_b = [i for i in rest_b if bnames[i] is None]
            inline_h = [j for j in rest_h if hnames[j] is None]
            if inline_b and len(inline_b) == len(inline_h):  # inline ones, edited in place
                pairs.update(zip(inline_b, inline_h, strict=True))
                rest_b = [i for i in rest_b if i not in inline_b]
                rest_h = [j for j in rest_h if j not in inline_h]
            for i in rest_b:
                note = "-annotation-only" if key == "allOf" and _annotation_only(bl[i]) else ""
                ev(f"{stem}-removed{note}", f"{bnames[i] or _schema_name(bl[i], i)} removed "
                   f"from `{key}`", side="base", path=(*bpath, key, i))
            for j in rest_h:
                note = "-annotation-only" if key == "allOf" and _annotation_only(hl[j]) else ""
                ev(f"{stem}-added{note}", f"{hnames[j] or _schema_name(hl[j], j)} added to "
                   f"`{key}`", path=(*hpath, key, j))
            for i, j in sorted(pairs.items()):
                label = f"{key}[{bnames[i] or hnames[j] or _schema_name(bl[i], i)}]"
                self.compare(bl[i], hl[j], where, (*bpath, key, i), (*hpath, key, j),
                             label if prop is None else f"{prop}/{label}", depth + 1)

    def _name(self, side: str, path: Path, schema: Any) -> str | None:
        if self.namer is not None:
            name = self.namer(side, path)
            if name:
                return name
        if isinstance(schema, dict) and isinstance(schema.get("title"), str):
            return schema["title"]
        return None

    def _properties(self, b: dict[str, Any], h: dict[str, Any], where: Where, bpath: Path,
                    hpath: Path, prop: str | None, depth: int) -> None:
        bp = b.get("properties") if isinstance(b.get("properties"), dict) else {}
        hp = h.get("properties") if isinstance(h.get("properties"), dict) else {}
        breq = set(b["required"]) if isinstance(b.get("required"), list) else set()
        hreq = set(h["required"]) if isinstance(h.get("required"), list) else set()
        if not bp and not hp:
            return
        d = where.direction
        body = where.root == "body"
        for name in sorted(set(bp) | set(hp), key=str):
            full = str(name) if prop is None else f"{prop}/{name}"
            subject = f"{where.label} property {q(full)}"
            bs, hs = bp.get(name), hp.get(name)
            if name not in hp:
                bs = bs if isinstance(bs, dict) else {}
                if not body:
                    continue
                if d == "request":
                    rid = "request-property-removed"
                else:
                    kind = "required" if name in breq else "optional"
                    wo = "write-only-" if bs.get("writeOnly") is True else ""
                    rid = f"response-{kind}-{wo}property-removed"
                self._emit(rid, "base", (*bpath, "properties", name), f"{subject} removed")
                continue
            if name not in bp:
                hs = hs if isinstance(hs, dict) else {}
                if not body:
                    if where.param_in == "header" and name in hreq:
                        self._emit("new-required-request-header-property", "head",
                                   (*hpath, "properties", name), f"{subject} added, required")
                    continue
                if d == "request":
                    if name in hreq and hs.get("readOnly") is not True:
                        rid = "new-required-request-property" + \
                            ("-with-default" if "default" in hs else "")
                        text = "added, required" + (" (with a default)" if "default" in hs
                                                     else "")
                    else:
                        rid, text = "new-optional-request-property", "added, optional"
                else:
                    kind = "required" if name in hreq else "optional"
                    wo = "write-only-" if hs.get("writeOnly") is True else ""
                    rid, text = f"response-{kind}-{wo}property-added", f"added, {kind}"
                self._emit(rid, "head", (*hpath, "properties", name), f"{subject} {text}")
                continue
            here = (*hpath, "properties", name)
            if isinstance(bs, dict) and isinstance(hs, dict) and body:
                self._flags(bs, hs, name in breq, name in hreq, d, subject, here)
            if body and (name in breq) != (name in hreq) and isinstance(hs, dict):
                if d == "request" and hs.get("readOnly") is not True:
                    if name in hreq:
                        rid = "request-property-became-required" + \
                            ("-with-default" if "default" in hs else "")
                        self._emit(rid, "head", here, f"{subject} became required")
                    else:
                        self._emit("request-property-became-optional", "head", here,
                                   f"{subject} became optional")
                elif d == "response":
                    wo = "write-only-" if hs.get("writeOnly") is True else ""
                    state = "required" if name in hreq else "optional"
                    self._emit(f"response-{wo}property-became-{state}", "head", here,
                               f"{subject} became {state}")
            elif where.param_in == "header" and name in hreq and name not in breq:
                self._emit("request-header-property-became-required", "head", here,
                           f"{subject} became required")
            self.compare(bs, hs, where, (*bpath, "properties", name), here, full, depth + 1)

    def _flags(self, bs: dict[str, Any], hs: dict[str, Any], breq: bool, hreq: bool, d: str,
               subject: str, path: Path) -> None:
        kind = "required" if hreq else "optional"
        for key, word in (("readOnly", "read-only"), ("writeOnly", "write-only")):
            was, now = bs.get(key) is True, hs.get(key) is True
            if was != now:
                state = word if now else f"not-{word}"
                self._emit(f"{d}-{kind}-property-became-{state}", "head", path,
                           f"{subject} ({kind}) became {state.replace('-', ' ')}")

    def _emit(self, rid: str, side: str, path: Path, message: str) -> None:
        if rid in LEVELS:
            self.emit(rid, side, path, message)


def _key(value: Any) -> str:
    """A hashable identity for an enum value (1 and 1.0 and true stay distinct)."""
    return json.dumps(value, sort_keys=True, default=str) + type(value).__name__


def _variant(rid: str, prefix: str, replacement: str) -> str:
    """``rid`` under ``replacement`` instead of ``prefix`` when oasdiff defines that id."""
    if rid.startswith(prefix):
        other = replacement + rid[len(prefix):]
        if other in LEVELS:
            return other
    return rid


_WRAPPER_KEYS = _ANNOTATIONS | {"nullable", "x-nullable"}


def single_wrapper(schema: dict[str, Any], other: dict[str, Any]
                   ) -> tuple[dict[str, Any], Path] | None:
    """``allOf``/``oneOf``/``anyOf`` with one element, beside only ``nullable`` and
    annotations (how OpenAPI 3.0 makes a ``$ref`` nullable or describes it): that element
    with the wrapper's keywords laid over it, and its path below the wrapper; None when
    ``schema`` is no such wrapper or ``other`` uses the same keyword (then the lists are
    compared alternative by alternative). oasdiff reads a one-element ``allOf`` this way
    with ``--flatten-allof``; a one-element ``oneOf``/``anyOf`` validates exactly as its
    element."""
    for key in ("allOf", "oneOf", "anyOf"):
        branches = schema.get(key)
        if not isinstance(branches, list) or len(branches) != 1 or \
                not isinstance(branches[0], dict) or key in other:
            continue
        if "$ref" in branches[0] or any(k != key and k not in _WRAPPER_KEYS and
                                        not str(k).startswith("x-") for k in schema):
            return None
        merged = dict(branches[0])
        merged.update((k, v) for k, v in schema.items() if k != key)
        return merged, (key, 0)
    return None


def type_list(schema: dict[str, Any]) -> dict[str, Any]:
    """``oneOf``/``anyOf`` of bare ``{type: X}`` alternatives is a list of types: read it as
    ``type: [X, ...]`` so a move between the spellings is a list-of-types change."""
    for key in ("oneOf", "anyOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and len(branches) > 1 and "type" not in schema and all(
                isinstance(x, dict) and isinstance(x.get("type"), str) and
                all(k == "type" or k in _ANNOTATIONS for k in x) for x in branches):
            out = {k: v for k, v in schema.items() if k != key}
            out["type"] = [x["type"] for x in branches]
            return out
    return schema


def _annotation_only(schema: Any) -> bool:
    return isinstance(schema, dict) and all(
        k in _ANNOTATIONS or str(k).startswith("x-") for k in schema)


def _schema_name(schema: Any, index: int) -> str:
    if isinstance(schema, dict) and isinstance(schema.get("title"), str):
        return f"schema {q(schema['title'])}"
    return f"alternative #{index + 1}"


def _types_text(types: frozenset[str]) -> str:
    return " or ".join(q(t) for t in sorted(types)) if types else "any type"
