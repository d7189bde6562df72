"""Roll document scores up: document -> service -> team -> organisation.

Works from reports alone (``Report.results`` + ``Report.inventory``), so a score of one
lint run and ``govlint rollup`` of reports from many repositories are the same code.

- **Documents scored**: every inventory entry of a governed kind (OpenAPI, Kubernetes,
  service config); a ``generic`` document only when it has findings (a YAML file no rule
  reads is not governed content); a file with findings but no document (a parse error, a
  waiver file) becomes a size-1 document of its own.
- **Service**: the service directory of the governance rules
  (:func:`govlint.functions.governance._service.marker_dir`: a directory with an OpenAPI
  spec or a service governance config, ``api/``/``config/``... sub-directories count for
  their parent); a document outside every service directory belongs to the service it
  names (``app.kubernetes.io/name``, ``info.x-service-name``), else to its own directory.
  A service is named by its governance config, else its spec's ``info.x-service-name``,
  else its manifests' most common name, else its directory. Services are identified by
  name across reports, so a spec in one repository and its manifests in another meet.
- **Team**: the service's CODEOWNERS owner (first owner), else ``info.x-team`` /
  ``service.team`` of its spec or config, else its manifests' owner label
  (``app.kubernetes.io/part-of``); the most common wins, ties alphabetically;
  ``(unowned)`` when nothing names one.
- **Weights**: every aggregate is the size-weighted mean of its documents' scores.
- **Split specs**: a spec's inventory entry lists the files its ``$ref``s reach
  (``parts``) and counts operations written there; findings on a part that is not a
  governed document of its own count as the spec's.
- **Helm charts**: a chart's own files (``Chart.yaml``, ``values*.yaml``,
  ``values.schema.json``... in the directory of a ``Chart.yaml``) are Helm's, not governance
  documents: unless of a governed kind they are not scored and do not form a service; nor
  is the ``helm-templates-skipped`` note (a fact about the run, not a violation).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from govlint.dates import parse_date
from govlint.findings.model import Finding, Severity
from govlint.reports.model import Report
from govlint.score.score import ALL_CATEGORIES, DocumentScore, category, round_score, score_document

UNOWNED = "(unowned)"
GOVERNED_KINDS = frozenset({"openapi", "k8s", "service-config"})
SEVERITIES = ("error", "warn", "info", "hint")


@dataclass(slots=True)
class Source:
    """One report to score; ``label`` names it in a multi-report rollup."""

    report: Report
    label: str | None = None
    governance_globs: tuple[str, ...] | None = None  # service governance config paths


@dataclass(slots=True, eq=False)
class Doc:
    file: str
    document: int | None
    kind: str
    size: int
    declared_service: str | None = None
    declared_team: str | None = None
    owners: tuple[str, ...] = ()
    source: str | None = None
    findings: list[Finding] = field(default_factory=list)
    service: str = ""
    team: str = UNOWNED
    result: DocumentScore | None = None

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed is None]

    @property
    def suppressed(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed is not None]

    def has_error(self) -> bool:
        return bool(self.result and self.result.unreadable) or any(
            f.severity is Severity.ERROR for f in self.active
        )


@dataclass(slots=True)
class Rollup:
    documents: list[Doc]
    services: dict[str, list[Doc]]
    teams: dict[str, list[str]]  # team -> service names
    categories: tuple[str, ...]
    partial: dict[str, Any] | None
    governance: list[str]
    sources: list[str]
    today: dt.date
    # service -> {"version", "digest"} of the config that governs it (report ``configs``)
    service_governance: dict[str, dict[str, Any]] = field(default_factory=dict)

    def service_team(self, service: str) -> str:
        docs = self.services[service]
        return docs[0].team if docs else UNOWNED

    def team_docs(self, team: str) -> list[Doc]:
        return [d for s in self.teams[team] for d in self.services[s]]


def build(sources: Sequence[Source], today: dt.date | None = None) -> Rollup:
    """Score every document of ``sources`` and group them into services and teams."""
    today = today or dt.date.today()
    categories = _categories(sources)
    docs: list[Doc] = []
    by_service: dict[str, list[Doc]] = {}
    projects = _projects(sources)
    for members in projects:
        project_docs = [d for source in members for d in _documents(source)]
        for name, grouped in _services(project_docs, members[0]).items():
            for d in grouped:
                d.service = name
            by_service.setdefault(name, []).extend(grouped)
        docs.extend(project_docs)
    for d in docs:
        d.result = score_document(d.findings, d.size, categories)
    teams: dict[str, list[str]] = {}
    for name in sorted(by_service):
        team = _team(by_service[name])
        for d in by_service[name]:
            d.team = team
        teams.setdefault(team, []).append(name)
    return Rollup(
        documents=sorted(docs, key=lambda d: (d.source or "", d.file, _index(d.document))),
        services={k: by_service[k] for k in sorted(by_service)},
        teams={k: teams[k] for k in sorted(teams)},
        categories=categories,
        partial=_partial(projects),
        governance=_versions(sources),
        sources=[s.label for s in sources if s.label],
        today=today,
        service_governance=_service_governance(by_service, sources),
    )


def _versions(sources: Sequence[Source]) -> list[str]:
    """Every governance version that ran: each config's (a report with per-service
    configs says ``mixed`` at the top), else the report's."""
    found: set[str] = set()
    for s in sources:
        versions = [(c.get("governance") or {}).get("version") for c in s.report.configs]
        if not versions and s.report.governance:
            versions = [s.report.governance.get("version")]
        found.update(str(v) for v in versions if v)
    return sorted(found)


def _service_governance(by_service: dict[str, list[Doc]],
                        sources: Sequence[Source]) -> dict[str, dict[str, Any]]:
    """The governance version and ruleset digest of each service: those of the config
    whose directory is the nearest above the service's documents (most of its documents
    win; ties by version), else the report's."""
    reports = {s.label: s.report for s in sources}
    out: dict[str, dict[str, Any]] = {}
    for name, docs in by_service.items():
        votes: Counter[tuple[str, str]] = Counter()
        for d in docs:
            report = reports.get(d.source) or sources[0].report
            found = _config_of(d.file, report)
            if found:
                votes[(str(found.get("version")), str(found.get("digest")))] += 1
        if votes:
            (version, digest), _ = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            out[name] = {"version": None if version == "None" else version, "digest": digest}
    return out


def _config_of(file: str, report: Report) -> dict[str, Any] | None:
    best: tuple[int, dict[str, Any]] | None = None
    for entry in report.configs:
        directory = str(entry.get("directory") or ".")
        if directory == "." or file.startswith(directory.rstrip("/") + "/"):
            depth = 0 if directory == "." else directory.count("/") + 1
            if best is None or depth > best[0]:
                best = (depth, entry.get("governance") or {})
    if best is not None:
        return best[1]
    return report.governance


def _projects(sources: Sequence[Source]) -> list[list[Source]]:
    """Reports of one project: the shards of one sharded run (same N, same rules) are one
    project, so service directories are found across them; any other report is its own."""
    groups: dict[tuple[Any, ...], list[Source]] = {}
    for i, source in enumerate(sources):
        shard = str((source.report.partial or {}).get("shard") or "")
        total = shard.partition("/")[2]
        digest = (source.report.governance or {}).get("digest")
        key = ("shards", total, digest) if total else ("report", i)
        groups.setdefault(key, []).append(source)
    return list(groups.values())


def _index(document: int | None) -> int:
    return -1 if document is None else document


def _categories(sources: Sequence[Source]) -> tuple[str, ...]:
    """The rule areas that ran: an area no rule of the run belongs to has no sub-score."""
    seen = {category(rule) for s in sources for rule in s.report.rules}
    seen |= {category(f.rule) for s in sources for f in s.report.results}
    return tuple(c for c in ALL_CATEGORIES if c in seen)


def _documents(source: Source) -> list[Doc]:
    report = source.report
    entries: dict[tuple[str, int | None], Doc] = {}
    first_of_file: dict[str, Doc] = {}
    part_of: dict[str, Doc] = {}
    for raw in report.inventory:
        doc = Doc(
            file=str(raw.get("file", "")),
            document=raw.get("document"),
            kind=str(raw.get("kind", "generic")),
            size=_size(raw.get("size")),
            declared_service=_text(raw.get("service")),
            declared_team=_text(raw.get("team")),
            owners=tuple(str(o) for o in raw.get("owners") or () if o),
            source=source.label,
        )
        entries[(doc.file, doc.document)] = doc
        first_of_file.setdefault(doc.file, doc)
        for part in raw.get("parts") or ():  # a split spec's fragments are the spec
            part_of.setdefault(str(part), doc)
    charts = _chart_dirs(report)
    for f in report.results:
        if f.rule in _RUN_NOTES:
            continue  # a note about the run, not about governance content
        doc = entries.get((f.file, f.document)) or (
            first_of_file.get(f.file) if f.document is None else None
        )
        if _helm_metadata(f.file, charts) and (doc is None or doc.kind not in GOVERNED_KINDS):
            continue  # Helm's own files (Chart.yaml, values): not governance documents
        if f.file in part_of and (doc is None or doc.kind not in GOVERNED_KINDS):
            doc = part_of[f.file]
        if doc is None:  # no document was read there: a parse error, a waiver file...
            doc = Doc(file=f.file, document=f.document, kind="file", size=1,
                      owners=_owners_near(f.file, first_of_file), source=source.label)
            entries[(f.file, f.document)] = doc
            first_of_file.setdefault(f.file, doc)
        doc.findings.append(f)
    return [d for d in entries.values() if d.kind in GOVERNED_KINDS
            or (d.findings and not _helm_metadata(d.file, charts))]


_RUN_NOTES = frozenset({"helm-templates-skipped"})


def _chart_dirs(report: Report) -> frozenset[str]:
    """Directories holding a ``Chart.yaml`` (Helm charts, subcharts included)."""
    files = {str(raw.get("file", "")) for raw in report.inventory}
    files |= {f.file for f in report.results}
    files |= set(report.files)
    return frozenset(posixpath.dirname(f) for f in files if posixpath.basename(f) == "Chart.yaml")


def _helm_metadata(file: str, charts: frozenset[str]) -> bool:
    """A file at the root of a Helm chart: ``Chart.yaml``, values files, their schema."""
    return posixpath.dirname(file) in charts


def _owners_near(file: str, known: dict[str, Doc]) -> tuple[str, ...]:
    """A document-less file takes the owners of a document in its directory, if any."""
    directory = posixpath.dirname(file)
    for other, doc in sorted(known.items()):
        if posixpath.dirname(other) == directory and doc.owners:
            return doc.owners
    return ()


def _size(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 1


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _services(docs: list[Doc], source: Source) -> dict[str, list[Doc]]:
    from govlint.functions.governance._service import marker_dir, nearest_root

    globs = source.governance_globs or _default_governance_globs()
    markers = [d for d in docs if _is_marker(d, globs)]
    roots = {marker_dir(d.file) for d in markers}
    groups: dict[tuple[str, str], list[Doc]] = {}
    for d in docs:
        root = nearest_root(posixpath.dirname(d.file), roots)
        if root is not None:
            key = ("dir", root)
        elif d.declared_service:
            key = ("name", d.declared_service)
        else:
            key = ("dir", posixpath.dirname(d.file))
        groups.setdefault(key, []).append(d)
    named: dict[str, list[Doc]] = {}
    for (how, value), members in sorted(groups.items()):
        name = value if how == "name" else _service_name(value, members, globs, source)
        named.setdefault(name, []).extend(members)
    return named


def _default_governance_globs() -> tuple[str, ...]:
    from govlint.config import DEFAULT_SERVICE_CONFIG_GLOBS

    return DEFAULT_SERVICE_CONFIG_GLOBS["governance"]


def _is_governance_config(doc: Doc, globs: Iterable[str]) -> bool:
    from govlint.files.globs import matches

    return doc.kind == "service-config" and matches(doc.file, globs)


def _is_marker(doc: Doc, globs: Iterable[str]) -> bool:
    return doc.kind == "openapi" or _is_governance_config(doc, globs)


def _service_name(root: str, members: list[Doc], globs: tuple[str, ...],
                  source: Source) -> str:
    ranked = sorted(members, key=lambda d: (d.file, _index(d.document)))
    for pick in (lambda d: _is_governance_config(d, globs), lambda d: d.kind == "openapi"):
        for d in ranked:
            if pick(d) and d.declared_service:
                return d.declared_service
    common = _most_common(d.declared_service for d in ranked)
    if common:
        return common
    if root:
        return posixpath.basename(root)
    if source.label:
        stem = posixpath.basename(source.label.replace("\\", "/"))
        return stem.rsplit(".", 1)[0] or "(root)"
    return "(root)"


def _team(docs: list[Doc]) -> str:
    """CODEOWNERS, then a spec's or config's declared team, then the manifests' label."""
    ranked = sorted(docs, key=lambda d: (d.source or "", d.file, _index(d.document)))
    for candidates in (
        (d.owners[0] for d in ranked if d.owners),
        (d.declared_team for d in ranked if d.kind in ("openapi", "service-config")),
        (d.declared_team for d in ranked if d.kind == "k8s"),
    ):
        found = _most_common(candidates)
        if found:
            return found
    return UNOWNED


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _partial(projects: list[list[Source]]) -> dict[str, Any] | None:
    """What the run did not cover. The shard reports of one project that cover 1..N make a
    whole; anything else partial in any report makes the rollup partial."""
    out: dict[str, Any] = {}
    missing: set[str] = set()
    for members in projects:
        shards = sorted({str(s.report.partial["shard"]) for s in members
                         if s.report.partial and s.report.partial.get("shard")})
        if shards and not _shards_complete(shards):
            missing.update(shards)
        for source in members:
            for key, value in (source.report.partial or {}).items():
                if key != "shard":
                    out.setdefault(key, value)
    if missing:
        found = sorted(missing)
        out["shard"] = found[0] if len(found) == 1 else found
    return out or None


def _shards_complete(shards: list[str]) -> bool:
    """Whether ``K/N`` markers (or ``1,3/N`` of a merge missing shards) cover 1..N."""
    from govlint.reports.merge import parse_shards

    parsed: set[tuple[int, int]] = set()
    for shard in shards:
        one = parse_shards(shard)
        if one is None:
            return False
        parsed.update((k, one[1]) for k in one[0])
    totals = {n for _, n in parsed}
    return len(totals) == 1 and {k for k, _ in parsed} == set(range(1, totals.pop() + 1))


# --- aggregates -------------------------------------------------------------------------


def weighted(docs: Sequence[Doc], categories: Sequence[str]) -> tuple[float | None, dict]:
    """Size-weighted mean score and category scores of ``docs`` (None when empty)."""
    total = sum(d.size for d in docs)
    if not docs or total == 0:
        return None, {}
    score = sum(d.size * d.result.score for d in docs if d.result) / total
    cats = {
        c: sum(d.size * d.result.categories.get(c, 100.0) for d in docs if d.result) / total
        for c in categories
    }
    return score, cats


def summary(docs: Sequence[Doc], categories: Sequence[str]) -> dict[str, Any]:
    """What every level (service, team, organisation) shows."""
    score, cats = weighted(docs, categories)
    counts = Counter(f.severity.label for d in docs for f in d.active)
    return {
        "score": round_score(score),
        "size": sum(d.size for d in docs),
        "documents": len(docs),
        "categories": {c: round_score(v) for c, v in cats.items()},
        "findings": {s: counts.get(s, 0) for s in SEVERITIES},
        "compliance": _rate(sum(not d.has_error() for d in docs), len(docs)),
        "docCompleteness": doc_completeness(docs),
        "unreadable": sum(1 for d in docs if d.result and d.result.unreadable),
        "suppressed": suppressed_summary(f for d in docs for f in d.suppressed),
    }


def doc_completeness(docs: Sequence[Doc]) -> float | None:
    """Share of OpenAPI documents with no active DOC finding (None: no API in scope)."""
    specs = [d for d in docs if d.kind == "openapi"]
    complete = sum(
        1 for d in specs
        if not (d.result and d.result.unreadable)
        and not any(category(f.rule) == "DOC" for f in d.active)
    )
    return _rate(complete, len(specs))


def _rate(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


def suppressed_summary(findings: Iterable[Finding]) -> dict[str, Any]:
    """Count of suppressed findings by kind and the nearest expiry among them."""
    kinds: Counter[str] = Counter()
    nearest: dt.date | None = None
    for f in findings:
        info = f.suppressed or {}
        kinds[str(info.get("kind", "exception"))] += 1
        expires = parse_date(info.get("expires"))
        if expires and (nearest is None or expires < nearest):
            nearest = expires
    return {
        "count": sum(kinds.values()),
        "byKind": dict(sorted(kinds.items())),
        "nearestExpiry": nearest.isoformat() if nearest else None,
    }


def to_json(rollup: Rollup, top: int = 10) -> dict[str, Any]:
    """The ``govlint score --format json`` document (see docs/score.md)."""
    from govlint.score.metrics import metrics

    cats = rollup.categories
    multi = len(rollup.sources) > 1
    org = summary(rollup.documents, cats)
    services = []
    for name, docs in rollup.services.items():
        entry = {"name": name, "team": rollup.service_team(name), **summary(docs, cats)}
        if name in rollup.service_governance:
            entry["governance"] = rollup.service_governance[name]
        services.append(entry)
    teams = []
    for team, names in rollup.teams.items():
        teams.append({"name": team, "services": names,
                      **summary(rollup.team_docs(team), cats)})
    documents = [_document_json(d, cats, multi) for d in rollup.documents]
    out: dict[str, Any] = {
        "schemaVersion": "1.0",
        "governance": rollup.governance,
        "partial": rollup.partial is not None,
    }
    if rollup.partial:
        out["scope"] = rollup.partial
    if rollup.sources:
        out["reports"] = rollup.sources
    out["categories"] = list(cats)
    out["organisation"] = {"name": "organisation", **org}
    out["teams"] = teams
    out["services"] = services
    out["documents"] = documents
    out["metrics"] = metrics(rollup, top=top)
    return out


def _document_json(d: Doc, cats: Sequence[str], with_source: bool) -> dict[str, Any]:
    counts = Counter(f.severity.label for f in d.active)
    out: dict[str, Any] = {"file": d.file}
    if d.document is not None:
        out["document"] = d.document
    if with_source and d.source:
        out["report"] = d.source
    result = d.result
    out.update({
        "kind": d.kind,
        "size": d.size,
        "service": d.service,
        "team": d.team,
        "score": round_score(result.score if result else None),
        "categories": {c: round_score(result.categories.get(c)) for c in cats} if result else {},
        "findings": {s: counts.get(s, 0) for s in SEVERITIES},
        "rules": dict(sorted(Counter(f.rule for f in d.active).items())),
        "unreadable": bool(result and result.unreadable),
        "suppressed": suppressed_summary(d.suppressed),
    })
    return out
