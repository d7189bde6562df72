"""Comparing two resolved OpenAPI documents into :class:`Change` s with oasdiff's check ids.

The walk goes spec -> paths -> operations -> parameters / request body / responses ->
schemas (``diff.schema``). Endpoints are matched on their path template with parameter
names blanked (``/pets/{id}`` and ``/pets/{petId}`` are the same endpoint, as in oasdiff);
parameters on (location, name), path parameters on their position in the template.
OpenAPI 2.0 documents are first brought to the 3.x shape (``diff.oas2``).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from govlint.diff.levels import LEVELS
from govlint.diff.model import STABILITY_ORDER, Change, Options
from govlint.diff.schema import Namer, SchemaDiff, Where, q
from govlint.diff.structure import NOTICES
from govlint.findings.model import Path

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
_TEMPLATE_PARAM = re.compile(r"\{[^{}/]{0,200}\}")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[Tt ][0-9:.]{0,40}(?:[Zz]|[+-]\d{2}:?\d{2})?)?$")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def normalize_path(path: str) -> str:
    return _TEMPLATE_PARAM.sub("{}", path)


def parse_sunset(value: Any) -> datetime.date | None:
    """A sunset date: YYYY-MM-DD or RFC 3339 date-time (None if neither)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        return None
    m = _DATE.match(value.strip())
    if not m:
        return None
    try:
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def stability_of(node: dict[str, Any]) -> tuple[str | None, bool]:
    """(x-stability-level, whether it is valid)."""
    value = node.get("x-stability-level")
    if value is None:
        return None, True
    return (value, True) if value in STABILITY_ORDER else (str(value), False)


class Differ:
    """One comparison of BASE and HEAD (both resolved, 3.x-shaped)."""

    def __init__(self, base: Any, head: Any, options: Options,
                 namer: Namer | None = None) -> None:
        self.base = _dict(base)
        self.head = _dict(head)
        self.options = options
        self.changes: list[Change] = []
        self._op: tuple[str, str] | None = None
        self._op_stability: str | None = None
        self.schemas = SchemaDiff(self._schema_emit, self._deprecation_of_property,
                                  self._stability_of_property, namer)

    # -- output ---------------------------------------------------------------------------

    def emit(self, rid: str, side: str, path: Path, message: str,
             operation: tuple[str, str] | None = None) -> None:
        level = LEVELS.get(rid) or NOTICES.get(rid)  # oasdiff's ids, govlint's notices
        if level is None:
            return
        self.changes.append(Change(rid, level, message, side, path,
                                   operation if operation is not None else self._op))

    def _schema_emit(self, rid: str, side: str, path: Path, message: str) -> None:
        self.emit(rid, side, path, message)

    # -- top level ------------------------------------------------------------------------

    def run(self) -> list[Change]:
        self.security_components()
        self.global_security()
        self.schemas_removed()
        self.webhooks()
        self.paths()
        unique = {(c.id, c.side, c.path, c.operation, c.message): c for c in self.changes}
        return sorted(unique.values(), key=Change.sort_key)

    def paths(self) -> None:
        bpaths, hpaths = _dict(self.base.get("paths")), _dict(self.head.get("paths"))
        for bname, hname in match_paths(bpaths, hpaths):
            if hname is None:
                bitem = _dict(bpaths.get(bname))
                for method, (op, where) in operations(bitem).items():
                    self._op = (method, bname)
                    self.removed_operation(bitem, op, ("paths", bname, *where), whole_path=True)
                continue
            hitem = _dict(hpaths.get(hname))
            if bname is None:
                for method, (_op, where) in operations(hitem).items():
                    self._op = (method, hname)
                    self.emit("endpoint-added", "head", ("paths", hname, *where),
                              f"{method} {hname}: endpoint added")
                continue
            bitem = _dict(bpaths.get(bname))
            bops, hops = operations(bitem), operations(hitem)
            for method in sorted(set(bops) | set(hops)):
                if method not in hops:
                    self._op = (method, bname)
                    self.removed_operation(bitem, bops[method][0],
                                           ("paths", bname, *bops[method][1]), whole_path=False)
                elif method not in bops:
                    self._op = (method, hname)
                    self.emit("endpoint-added", "head", ("paths", hname, *hops[method][1]),
                              f"{method} {hname}: endpoint added")
                else:
                    self._op = (method, bname)  # as oasdiff: BASE's template
                    self.operation(bname, hname, method, bitem, hitem, bops[method][0],
                                   hops[method][0], ("paths", bname, *bops[method][1]),
                                   ("paths", hname, *hops[method][1]))
        self._op = None

    # -- operations -----------------------------------------------------------------------

    def removed_operation(self, item: dict[str, Any], op: dict[str, Any], path: Path,
                          whole_path: bool) -> None:
        stem = "api-path-removed" if whole_path else "api-removed"
        label = f"{self._op[0]} {self._op[1]}" if self._op else "operation"
        stability, _ok = stability_of(op)
        if stability in ("draft", "alpha"):
            return  # unstable endpoints may go at any time
        if op.get("deprecated") is not True:
            self.emit(f"{stem}-without-deprecation", "base", path,
                      f"{label}: endpoint removed without being deprecated first")
            return
        sunset = op.get("x-sunset")
        if sunset is None:
            self.emit(f"{stem}-with-deprecation", "base", path,
                      f"{label}: deprecated endpoint removed")
            return
        date = parse_sunset(sunset)
        if date is None:
            self.emit("api-path-sunset-parse", "base", path,
                      f"{label}: cannot read the sunset date {q(sunset)}")
        elif date > self.options.today:
            self.emit(f"{stem}-before-sunset", "base", path,
                      f"{label}: endpoint removed before its sunset date {q(sunset)}")
        else:
            self.emit(f"{stem}-with-deprecation", "base", path,
                      f"{label}: deprecated endpoint removed after its sunset date")

    def operation(self, bname: str, hname: str, method: str, bitem: dict[str, Any],
                  hitem: dict[str, Any], bop: dict[str, Any], hop: dict[str, Any],
                  bpath: Path, hpath: Path) -> None:
        label = f"{method} {bname}"
        bstab, bok = stability_of(bop)
        hstab, hok = stability_of(hop)
        if not hok:
            self.emit("api-invalid-stability-level", "head", (*hpath, "x-stability-level"),
                      f"{label}: {q(hstab)} is not a stability level (draft, alpha, beta, "
                      f"stable)")
            return
        if not bok:
            return
        threshold = STABILITY_ORDER.index(self.options.stability_level)
        if bstab is not None and STABILITY_ORDER.index(bstab) < threshold:
            return  # below --stability-level: not reported
        if bstab != hstab:
            brank = STABILITY_ORDER.index(bstab or "stable")
            hrank = STABILITY_ORDER.index(hstab or "stable")
            if hrank < brank:
                self.emit("api-stability-decreased", "head", (*hpath, "x-stability-level"),
                          f"{label}: stability decreased from {q(bstab or 'stable')} to "
                          f"{q(hstab or 'stable')}")
            elif hrank > brank:
                self.emit("api-stability-increased", "head", (*hpath, "x-stability-level"),
                          f"{label}: stability increased from {q(bstab or 'stable')} to "
                          f"{q(hstab or 'stable')}")
        self._op_stability = hstab  # what the deprecation of its parts is judged by
        self.deprecation(bop, hop, "endpoint", label, hpath, hstab)
        self.operation_meta(bop, hop, label, hpath)
        self.security(_list(bop.get("security")) if "security" in bop else None,
                      _list(hop.get("security")) if "security" in hop else None,
                      hpath, bpath, label, global_=False)
        self.parameters(bname, hname, bitem, hitem, bop, hop, bpath, hpath, label)
        self.request_body(_dict(bop.get("requestBody")), _dict(hop.get("requestBody")),
                          "requestBody" in bop, "requestBody" in hop, bpath, hpath, label)
        self.responses(_dict(bop.get("responses")), _dict(hop.get("responses")), bpath,
                       hpath, label)

    def operation_meta(self, bop: dict[str, Any], hop: dict[str, Any], label: str,
                       hpath: Path) -> None:
        bid, hid = bop.get("operationId"), hop.get("operationId")
        if bid != hid:
            if bid is None:
                self.emit("api-operation-id-added", "head", (*hpath, "operationId"),
                          f"{label}: operation id {q(hid)} added")
            else:
                self.emit("api-operation-id-removed", "head", (*hpath, "operationId")
                          if hid is not None else hpath,
                          f"{label}: operation id {q(bid)} "
                          + (f"replaced by {q(hid)}" if hid is not None else "removed"))
        btags = [t for t in _list(bop.get("tags")) if isinstance(t, str)]
        htags = [t for t in _list(hop.get("tags")) if isinstance(t, str)]
        for tag in btags:
            if tag not in htags:
                self.emit("api-tag-removed", "head", hpath, f"{label}: tag {q(tag)} removed")
        for tag in htags:
            if tag not in btags:
                self.emit("api-tag-added", "head", (*hpath, "tags", htags.index(tag)),
                          f"{label}: tag {q(tag)} added")

    # -- deprecation and sunset -----------------------------------------------------------

    def deprecation(self, b: dict[str, Any], h: dict[str, Any], kind: str, label: str,
                    hpath: Path, stability: str | None) -> None:
        """Deprecation, sunset and reactivation of an endpoint (``kind='endpoint'``) or a
        parameter (``kind='request-parameter'``)."""
        ids = _DEPRECATION_IDS[kind]
        was, now = b.get("deprecated") is True, h.get("deprecated") is True
        if was and not now:
            self.emit(ids["reactivated"], "head", hpath, f"{label}: no longer deprecated")
            return
        if not now:
            return
        sunset = h.get("x-sunset")
        days = self.options.deprecation_days(stability)
        if not was:
            if sunset is None:
                if days > 0:
                    self.emit(ids["sunset-missing"], "head", (*hpath, "deprecated"),
                              f"{label}: deprecated without a sunset date (x-sunset; at "
                              f"least {days} days ahead)")
                else:
                    self.emit(ids["deprecated"], "head", (*hpath, "deprecated"),
                              f"{label}: deprecated")
                return
            date = parse_sunset(sunset)
            if date is None:
                self.emit(ids["sunset-parse"], "head", (*hpath, "x-sunset"),
                          f"{label}: cannot read the sunset date {q(sunset)}")
                return
            if days > 0 and (date - self.options.today).days < days:
                self.emit(ids["too-small"], "head", (*hpath, "x-sunset"),
                          f"{label}: sunset date {q(sunset)} is less than {days} days away")
                return
            self.emit(ids["with-sunset"], "head", (*hpath, "deprecated"),
                      f"{label}: deprecated, sunset on {q(sunset)}")
            return
        bsunset = b.get("x-sunset")
        if bsunset is not None and sunset is None:
            self.emit(ids["sunset-deleted"], "head", hpath,
                      f"{label}: sunset date {q(bsunset)} removed but still deprecated")
            return
        if sunset is None or bsunset == sunset:
            return
        hdate, bdate = parse_sunset(sunset), parse_sunset(bsunset) if bsunset else None
        if hdate is None:
            self.emit(ids["sunset-parse"], "head", (*hpath, "x-sunset"),
                      f"{label}: cannot read the sunset date {q(sunset)}")
            return
        if bsunset is not None and bdate is None:
            self.emit(ids["sunset-parse"], "head", (*hpath, "x-sunset"),
                      f"{label}: cannot read the previous sunset date {q(bsunset)}")
            return
        if bdate is not None and hdate < bdate and \
                (hdate - self.options.today).days < days:
            self.emit(ids["changed-too-small"], "head", (*hpath, "x-sunset"),
                      f"{label}: sunset moved earlier, from {q(bsunset)} to {q(sunset)}")

    def _deprecation_of_property(self, b: dict[str, Any], h: dict[str, Any], prefix: str,
                                 subject: str, hpath: Path, bpath: Path) -> None:
        was, now = b.get("deprecated") is True, h.get("deprecated") is True
        if was and not now:
            self.emit(prefix + "reactivated", "head", hpath, f"{subject}: no longer deprecated")
        if not now or was:
            return
        stability, _ = stability_of(h)
        days = self.options.deprecation_days(stability or self._op_stability)
        sunset = h.get("x-sunset")
        if sunset is None:
            if days > 0:
                self.emit(prefix + "deprecated-sunset-missing", "head", hpath,
                          f"{subject}: deprecated without a sunset date")
            else:
                self.emit(prefix + "deprecated", "head", hpath, f"{subject}: deprecated")
            return
        date = parse_sunset(sunset)
        if date is None:
            self.emit(prefix + "deprecated-sunset-invalid", "head", hpath,
                      f"{subject}: cannot read the sunset date {q(sunset)}")
        elif days > 0 and (date - self.options.today).days < days:
            self.emit(prefix + "sunset-date-too-small", "head", hpath,
                      f"{subject}: sunset date {q(sunset)} is less than {days} days away")
        else:
            self.emit(prefix + "deprecated-with-sunset", "head", hpath,
                      f"{subject}: deprecated, sunset on {q(sunset)}")

    def _stability_of_property(self, b: dict[str, Any], h: dict[str, Any], prefix: str,
                               subject: str, hpath: Path) -> None:
        bstab, bok = stability_of(b)
        hstab, hok = stability_of(h)
        if bstab == hstab or not (bok and hok) or bstab is None or hstab is None:
            return
        threshold = STABILITY_ORDER.index(self.options.stability_level)
        if STABILITY_ORDER.index(bstab) < threshold:
            return
        brank, hrank = STABILITY_ORDER.index(bstab), STABILITY_ORDER.index(hstab)
        word = "decreased" if hrank < brank else "increased"
        self.emit(f"{prefix}stability-{word}", "head", hpath,
                  f"{subject}: stability {word} from {q(bstab)} to {q(hstab)}")

    # -- parameters -----------------------------------------------------------------------

    def parameters(self, bname: str, hname: str, bitem: dict[str, Any],
                   hitem: dict[str, Any], bop: dict[str, Any], hop: dict[str, Any],
                   bpath: Path, hpath: Path, label: str) -> None:
        bparams = _params(bname, bitem, bop, bpath)
        hparams = _params(hname, hitem, hop, hpath)
        for key, (bp, bloc) in sorted(bparams.items()):
            if key in hparams or key[0] == "path":  # the template still has it
                continue
            where, name = bp.get("in"), bp.get("name")
            text = f"{label}: {where} parameter {q(name)}"
            if bp.get("deprecated") is True:
                sunset = bp.get("x-sunset")
                date = parse_sunset(sunset) if sunset is not None else None
                if sunset is not None and date is None:
                    self.emit("request-parameter-sunset-parse", "base", bloc,
                              f"{text}: cannot read the sunset date {q(sunset)}")
                elif date is not None and date > self.options.today:
                    self.emit("request-parameter-removed-before-sunset", "base", bloc,
                              f"{text} removed before its sunset date {q(sunset)}")
                else:
                    self.emit("request-parameter-removed-with-deprecation", "base", bloc,
                              f"{text} removed after deprecation")
            else:
                self.emit("request-parameter-removed", "base", bloc, f"{text} removed")
        for key, (hp, hloc) in sorted(hparams.items()):
            where, name = hp.get("in"), hp.get("name")
            text = f"{label}: {where} parameter {q(name)}"
            if key not in bparams:
                kind = "required" if hp.get("required") is True else "optional"
                if where == "path":
                    self.emit("new-request-path-parameter", "head", hloc, f"{text} added")
                elif hloc[2] == "parameters":  # on the path item: every operation gets it
                    self.emit(f"new-{kind}-request-default-parameter-to-existing-path",
                              "head", hloc, f"{text} added to every operation of the path, "
                              f"{kind}")
                else:
                    self.emit(f"new-{kind}-request-parameter", "head", hloc,
                              f"{text} added, {kind}")
                continue
            bp, bloc = bparams[key]
            self.parameter(bp, hp, bloc, hloc, text)

    def parameter(self, bp: dict[str, Any], hp: dict[str, Any], bloc: Path, hloc: Path,
                  text: str) -> None:
        if bp == hp:
            return
        if bp.get("required") is not True and hp.get("required") is True:
            self.emit("request-parameter-became-required", "head", hloc,
                      f"{text} became required")
        elif bp.get("required") is True and hp.get("required") is not True \
                and hp.get("in") != "path":
            self.emit("request-parameter-became-optional", "head", hloc,
                      f"{text} became optional")
        stability, _ = stability_of(hp)
        self.deprecation(bp, hp, "request-parameter", text, hloc,
                         stability or self._op_stability)
        bs, hs = bp.get("schema"), hp.get("schema")
        bsp, hsp = (*bloc, "schema"), (*hloc, "schema")
        if not isinstance(bs, dict) or not isinstance(hs, dict):
            return
        style = hp.get("style", "form")
        explode = hp.get("explode", style == "form")
        where = Where("request", "parameter", text,
                      form_array_ok=hp.get("in") == "query" and style == "form" and
                      explode is True, param_in=str(hp.get("in", "")))
        self.schemas.compare(bs, hs, where, bsp, hsp)

    # -- request body ---------------------------------------------------------------------

    def request_body(self, b: dict[str, Any], h: dict[str, Any], had: bool, has: bool,
                     bpath: Path, hpath: Path, label: str) -> None:
        bpath, hpath = (*bpath, "requestBody"), (*hpath, "requestBody")
        if had and not has:
            self.emit("request-body-removed", "base", bpath, f"{label}: request body removed")
            return
        if has and not had:
            if h.get("required") is True:
                self.emit("request-body-added-required", "head", hpath,
                          f"{label}: required request body added")
            else:
                self.emit("request-body-added-optional", "head", hpath,
                          f"{label}: optional request body added")
            return
        if not has or b == h:
            return
        if b.get("required") is not True and h.get("required") is True:
            self.emit("request-body-became-required", "head", hpath,
                      f"{label}: request body became required")
        elif b.get("required") is True and h.get("required") is not True:
            self.emit("request-body-became-optional", "head", hpath,
                      f"{label}: request body became optional")
        bc, hc = _dict(b.get("content")), _dict(h.get("content"))
        for media in sorted(set(bc) - set(hc)):
            self.emit("request-body-media-type-removed", "base", (*bpath, "content", media),
                      f"{label}: request media type {q(media)} removed")
        for media in sorted(set(hc) - set(bc)):
            self.emit("request-body-media-type-added", "head", (*hpath, "content", media),
                      f"{label}: request media type {q(media)} added")
        self.media_schemas("request", bc, hc, bpath, hpath, label)

    # -- responses ------------------------------------------------------------------------

    def media_schemas(self, side: str, bc: dict[str, Any], hc: dict[str, Any],
                      bpath: Path, hpath: Path, label: str) -> None:
        """The schemas of the media types a request or response body keeps (``side``)."""
        media_word = "request media type" if side == "request" else "media type"
        for media in sorted(set(bc) & set(hc)):
            bm, hm = _dict(bc[media]), _dict(hc[media])
            mp = (*hpath, "content", media)
            if "schema" in bm and "schema" not in hm:
                self.emit(f"{side}-body-media-type-schema-removed", "head", mp,
                          f"{label}: schema of {media_word} {q(media)} removed")
            elif "schema" in hm and "schema" not in bm:
                self.emit(f"{side}-body-media-type-schema-added", "head", (*mp, "schema"),
                          f"{label}: schema added to {media_word} {q(media)}")
            elif "schema" in hm:
                body = f"{label}: request body ({media})" if side == "request" else \
                    f"{label} body ({media})"
                self.schemas.compare(bm["schema"], hm["schema"], Where(side, "body", body),
                                     (*bpath, "content", media, "schema"), (*mp, "schema"))

    def responses(self, b: dict[str, Any], h: dict[str, Any], bpath: Path, hpath: Path,
                  label: str) -> None:
        bpath, hpath = (*bpath, "responses"), (*hpath, "responses")
        bkeys = {str(k): k for k in b}
        hkeys = {str(k): k for k in h}
        for status in sorted(set(bkeys) - set(hkeys)):
            kind = "success" if _success(status) else "non-success"
            self.emit(f"response-{kind}-status-removed", "base", (*bpath, bkeys[status]),
                      f"{label}: response {q(status)} removed")
        for status in sorted(set(hkeys) - set(bkeys)):
            kind = "success" if _success(status) else "non-success"
            self.emit(f"response-{kind}-status-added", "head", (*hpath, hkeys[status]),
                      f"{label}: response {q(status)} added")
        for status in sorted(set(bkeys) & set(hkeys)):
            br, hr = _dict(b[bkeys[status]]), _dict(h[hkeys[status]])
            if br != hr:
                self.response(br, hr, (*bpath, bkeys[status]), (*hpath, hkeys[status]),
                              f"{label}: response {q(status)}")

    def response(self, b: dict[str, Any], h: dict[str, Any], bpath: Path, hpath: Path,
                 label: str) -> None:
        bh = {str(k).lower(): (k, _dict(v)) for k, v in _dict(b.get("headers")).items()}
        hh = {str(k).lower(): (k, _dict(v)) for k, v in _dict(h.get("headers")).items()}
        for name in sorted(set(bh) - set(hh)):
            key, header = bh[name]
            kind = "required" if header.get("required") is True else "optional"
            self.emit(f"{kind}-response-header-removed", "base", (*bpath, "headers", key),
                      f"{label}: {kind} header {q(key)} removed")
        for name in sorted(set(hh) - set(bh)):
            key, _header = hh[name]
            self.emit("response-header-added", "head", (*hpath, "headers", key),
                      f"{label}: header {q(key)} added")
        for name in sorted(set(bh) & set(hh)):
            (bkey, bhd), (hkey, hhd) = bh[name], hh[name]
            hp = (*hpath, "headers", hkey)
            if bhd.get("required") is True and hhd.get("required") is not True:
                self.emit("response-header-became-optional", "head", hp,
                          f"{label}: header {q(hkey)} became optional")
            bs, bsp = _param_schema(bhd, (*bpath, "headers", bkey))
            hs, hsp = _param_schema(hhd, hp)
            if bs is not None and hs is not None:
                self.schemas.compare(bs, hs, Where("response", "header",
                                                   f"{label} header {q(hkey)}"), bsp, hsp)
        bc, hc = _dict(b.get("content")), _dict(h.get("content"))
        removed, added = sorted(set(bc) - set(hc)), sorted(set(hc) - set(bc))
        renamed = _renamed_media(removed, added)
        for old, new, kind in renamed:
            self.emit(f"response-media-type-name-{kind}", "head", (*hpath, "content", new),
                      f"{label}: media type {q(old)} became {q(new)}")
            removed.remove(old)
            added.remove(new)
        for media in removed:
            self.emit("response-media-type-removed", "base", (*bpath, "content", media),
                      f"{label}: media type {q(media)} removed")
        for media in added:
            self.emit("response-media-type-added", "head", (*hpath, "content", media),
                      f"{label}: media type {q(media)} added")
        self.media_schemas("response", bc, hc, bpath, hpath, label)

    # -- security -------------------------------------------------------------------------

    def global_security(self) -> None:
        self._op = None
        self.security(_list(self.base.get("security")) if "security" in self.base else None,
                      _list(self.head.get("security")) if "security" in self.head else None,
                      (), (), "API", global_=True)

    def security(self, b: list[Any] | None, h: list[Any] | None, hpath: Path, bpath: Path,
                 label: str, global_: bool) -> None:
        if b == h:
            return
        stem = "api-global-security" if global_ else "api-security"
        breqs = _requirements(b or [])
        hreqs = _requirements(h or [])
        for key in breqs:
            if key not in hreqs:
                self.emit(f"{stem}-removed", "base", (*bpath, "security") if b else bpath,
                          f"{label}: security requirement {q(_req_text(breqs[key]))} removed")
        for key in hreqs:
            if key not in breqs:
                self.emit(f"{stem}-added", "head", (*hpath, "security"),
                          f"{label}: security requirement {q(_req_text(hreqs[key]))} added")
                continue
            for scheme, hscopes in hreqs[key].items():
                bscopes = breqs[key].get(scheme, [])
                for scope in bscopes:
                    if scope not in hscopes:
                        self.emit(f"{stem}-scope-removed", "head", (*hpath, "security"),
                                  f"{label}: scope {q(scope)} removed from {q(scheme)}")
                for scope in hscopes:
                    if scope not in bscopes:
                        self.emit(f"{stem}-scope-added", "head", (*hpath, "security"),
                                  f"{label}: scope {q(scope)} added to {q(scheme)}")

    def security_components(self) -> None:
        bs = _dict(_dict(self.base.get("components")).get("securitySchemes")) or \
            _dict(self.base.get("securityDefinitions"))
        hs = _dict(_dict(self.head.get("components")).get("securitySchemes")) or \
            _dict(self.head.get("securityDefinitions"))
        hroot: Path = ("components", "securitySchemes")
        for name in sorted(set(bs) - set(hs), key=str):
            self.emit("api-security-component-removed", "base", (*hroot, name),
                      f"security scheme {q(name)} removed")
        for name in sorted(set(hs) - set(bs), key=str):
            self.emit("api-security-component-added", "head", (*hroot, name),
                      f"security scheme {q(name)} added")
        for name in sorted(set(bs) & set(hs), key=str):
            b, h = _dict(bs[name]), _dict(hs[name])
            path = (*hroot, name)
            if b.get("type") != h.get("type"):
                self.emit("api-security-component-type-changed", "head", path,
                          f"security scheme {q(name)} type changed from {q(b.get('type'))} "
                          f"to {q(h.get('type'))}")
            bflows, hflows = _dict(b.get("flows")), _dict(h.get("flows"))
            for flow in sorted(set(bflows) & set(hflows)):
                bf, hf = _dict(bflows[flow]), _dict(hflows[flow])
                fp = (*path, "flows", flow)
                if bf.get("tokenUrl") != hf.get("tokenUrl"):
                    self.emit("api-security-component-oauth-token-url-changed", "head", fp,
                              f"security scheme {q(name)} token URL changed")
                if bf.get("authorizationUrl") != hf.get("authorizationUrl"):
                    self.emit("api-security-component-oauth-url-changed", "head", fp,
                              f"security scheme {q(name)} authorization URL changed")
                bsc, hsc = _dict(bf.get("scopes")), _dict(hf.get("scopes"))
                for scope in sorted(set(bsc) - set(hsc), key=str):
                    self.emit("api-security-component-oauth-scope-removed", "head", fp,
                              f"security scheme {q(name)} scope {q(scope)} removed")
                for scope in sorted(set(hsc) - set(bsc), key=str):
                    self.emit("api-security-component-oauth-scope-added", "head",
                              (*fp, "scopes", scope),
                              f"security scheme {q(name)} scope {q(scope)} added")
                for scope in sorted(set(bsc) & set(hsc), key=str):
                    if bsc[scope] != hsc[scope]:
                        self.emit("api-security-component-oauth-scope-changed", "head",
                                  (*fp, "scopes", scope), f"security scheme {q(name)} scope "
                                  f"{q(scope)} description changed")

    def schemas_removed(self) -> None:
        bs = _dict(_dict(self.base.get("components")).get("schemas"))
        hs = _dict(_dict(self.head.get("components")).get("schemas"))
        for name in sorted(set(bs) - set(hs), key=str):
            self.emit("api-schema-removed", "base", ("components", "schemas", name),
                      f"component schema {q(name)} removed")

    def webhooks(self) -> None:
        bw, hw = _dict(self.base.get("webhooks")), _dict(self.head.get("webhooks"))
        for name in sorted(set(bw) - set(hw), key=str):
            self.emit("webhook-removed", "base", ("webhooks", name),
                      f"webhook {q(name)} removed")
        for name in sorted(set(hw) - set(bw), key=str):
            self.emit("webhook-added", "head", ("webhooks", name), f"webhook {q(name)} added")


_DEPRECATION_IDS: dict[str, dict[str, str]] = {
    "endpoint": {
        "reactivated": "endpoint-reactivated", "sunset-missing": "api-deprecated-sunset-missing",
        "deprecated": "endpoint-deprecated", "sunset-parse": "api-deprecated-sunset-parse",
        "too-small": "api-sunset-date-too-small",
        "with-sunset": "endpoint-deprecated-with-sunset", "sunset-deleted": "sunset-deleted",
        "changed-too-small": "api-sunset-date-changed-too-small",
    },
    "request-parameter": {
        "reactivated": "request-parameter-reactivated",
        "sunset-missing": "request-parameter-deprecated-sunset-missing",
        "deprecated": "request-parameter-deprecated",
        "sunset-parse": "request-parameter-sunset-parse",
        "too-small": "request-parameter-sunset-date-too-small",
        "with-sunset": "request-parameter-deprecated",
        "sunset-deleted": "request-parameter-sunset-deleted",
        "changed-too-small": "request-parameter-sunset-date-changed-too-small",
    },
}


def operations(item: dict[str, Any]) -> dict[str, tuple[dict[str, Any], Path]]:
    """A path item's operations by upper-case method: the fixed fields, and OpenAPI 3.2's
    ``additionalOperations`` (``COPY``, ``LINK``...), each with its path in the item."""
    out: dict[str, tuple[dict[str, Any], Path]] = {}
    for method in METHODS:
        if isinstance(item.get(method), dict):
            out[method.upper()] = (item[method], (method,))
    for method, op in _dict(item.get("additionalOperations")).items():
        if isinstance(method, str) and isinstance(op, dict) and method.upper() not in out:
            out[method.upper()] = (op, ("additionalOperations", method))
    return out


def match_paths(bpaths: dict[str, Any],
                hpaths: dict[str, Any]) -> list[tuple[str | None, str | None]]:
    """(BASE template, HEAD template) pairs, None for a path only one side has: the same
    template first, then the same shape with parameter names blanked when exactly one
    unmatched template on each side has it (``/orders/{id}`` -> ``/orders/{orderId}``)."""
    bnames = [n for n in bpaths if isinstance(n, str)]
    hnames = [n for n in hpaths if isinstance(n, str)]
    hset = set(hnames)
    pairs: list[tuple[str | None, str | None]] = [(n, n) for n in bnames if n in hset]
    matched = {n for n, _ in pairs}
    brest: dict[str, list[str]] = {}
    hrest: dict[str, list[str]] = {}
    for n in bnames:
        if n not in matched:
            brest.setdefault(normalize_path(n), []).append(n)
    for n in hnames:
        if n not in matched:
            hrest.setdefault(normalize_path(n), []).append(n)
    for shape, names in brest.items():
        other = hrest.get(shape, [])
        if len(names) == 1 and len(other) == 1:
            pairs.append((names[0], other[0]))
            hrest[shape] = []
        else:
            pairs.extend((n, None) for n in names)
    pairs.extend((None, n) for names in hrest.values() for n in names)
    return sorted(pairs, key=lambda p: (p[0] or p[1] or "", p[1] or ""))


def _params(name: str, item: dict[str, Any], op: dict[str, Any],
            opath: Path) -> dict[tuple[str, str], tuple[dict[str, Any], Path]]:
    """An operation's parameters (path-level ones overridden by the operation's) keyed by
    (location, name), path parameters by their position in the template."""
    positions = {m.group(0)[1:-1]: i for i, m in enumerate(_TEMPLATE_PARAM.finditer(name))}
    out: dict[tuple[str, str], tuple[dict[str, Any], Path]] = {}
    for source, path in ((item, opath[:2]), (op, opath)):
        for i, p in enumerate(_list(source.get("parameters"))):
            if not isinstance(p, dict) or not isinstance(p.get("name"), str):
                continue
            where = str(p.get("in"))
            key_name = p["name"] if where != "header" else p["name"].lower()
            if where == "path" and p["name"] in positions:
                key_name = f"#{positions[p['name']]}"
            out[(where, key_name)] = (p, (*path, "parameters", i))
    # a path parameter whose name the template does not use takes a free position, in
    # order (a spec that renamed the template but not the parameter still matches)
    free = [f"#{i}" for i in sorted(positions.values()) if ("path", f"#{i}") not in out]
    strays = [k for k in out if k[0] == "path" and not k[1].startswith("#")]
    for key, slot in zip(strays, free, strict=False):
        out[("path", slot)] = out.pop(key)
    return out


def _param_schema(p: dict[str, Any], path: Path) -> tuple[Any, Path]:
    if isinstance(p.get("schema"), dict):
        return p["schema"], (*path, "schema")
    content = _dict(p.get("content"))
    for media in sorted(content):
        if isinstance(_dict(content[media]).get("schema"), dict):
            return content[media]["schema"], (*path, "content", media, "schema")
    return None, path


def _success(status: str) -> bool:
    return status.startswith("2")


def _requirements(reqs: list[Any]) -> dict[tuple[str, ...], dict[str, list[Any]]]:
    out: dict[tuple[str, ...], dict[str, list[Any]]] = {}
    for req in reqs:
        if isinstance(req, dict):
            out[tuple(sorted(map(str, req)))] = {str(k): _list(v) for k, v in req.items()}
    return out


def _req_text(req: dict[str, list[Any]]) -> str:
    return " ".join(f"{k}: [{', '.join(map(str, v))}]" for k, v in sorted(req.items()))


def _media_parts(media: str) -> tuple[str, str, str]:
    base = media.split(";", 1)[0].strip().lower()
    kind, _, sub = base.partition("/")
    suffix = sub.rsplit("+", 1)[1] if "+" in sub else ""
    return kind, sub, suffix


def _renamed_media(removed: list[str], added: list[str]) -> list[tuple[str, str, str]]:
    """(old, new, how) for a single media type replaced by a related one."""
    if len(removed) != 1 or len(added) != 1:
        return []
    old, new = removed[0], added[0]
    ok, osub, osuf = _media_parts(old)
    nk, nsub, nsuf = _media_parts(new)
    if ok != nk and "*" not in (ok, nk):
        return []
    if osub == nsub or (";" in old or ";" in new):
        return [(old, new, "changed")]
    if (osuf and osuf == nsub) or nsub == "*" or nk == "*":
        return [(old, new, "generalized")]
    if (nsuf and nsuf == osub) or osub == "*" or ok == "*":
        return [(old, new, "specialized")]
    return []


def compare(base: Any, head: Any, options: Options | None = None,
            namer: Namer | None = None) -> list[Change]:
    """Every change from ``base`` to ``head`` (resolved OpenAPI data), sorted. ``namer``
    tells which ``$ref`` a value came through (to match oneOf alternatives by name)."""
    from govlint.diff.oas2 import to_oas3

    return Differ(to_oas3(base), to_oas3(head), options or Options(), namer).run()
