"""Which documents make up one service (not a rule module): service directories and the
service names documents declare.

**What a service is.** Cross-document rules (NAM-007, ERR-006, TRC-003, TRC-006, NAM-009,
RES-006) compare documents of *one service*. govlint has no service registry, so the layout
decides: a *service directory* is a directory that holds a service governance config
(``service-config:governance``) or an OpenAPI spec. When that file sits in a conventional
sub-directory (``config/``, ``configs/``, ``api/``, ``apis/``, ``openapi/``, ``spec/``,
``specs/``) the service directory is the parent of that sub-directory, so
``orders-svc/config/service.yaml`` and ``orders-svc/api/openapi.yaml`` both mark
``orders-svc/``. Every document belongs to the nearest service directory that contains it
(its own directory or an ancestor); documents under no service directory belong to no
service and are only used by rules that look across the whole workspace (e.g. a
FaultToleranceRule's strategies "exist in the workspace").
"""

from __future__ import annotations

import posixpath
from collections.abc import Container
from dataclasses import dataclass, field

from govlint.documents.model import KIND_OPENAPI, Document, Workspace
from govlint.findings.model import Path
from govlint.functions.governance._k8s import labels
from govlint.functions.governance._memo import latest
from govlint.functions.governance._values import as_dict

GOVERNANCE_CONFIG = "service-config:governance"
_CONVENTIONAL_SUBDIRS = frozenset({"config", "configs", "api", "apis", "openapi", "spec", "specs"})


@dataclass(slots=True)
class Service:
    """The documents of one service directory (``root`` relative to the project root)."""

    root: str
    documents: list[Document] = field(default_factory=list)

    def specs(self) -> list[Document]:
        return [d for d in self.documents if is_openapi(d)]

    def configs(self, kind: str = "governance") -> list[Document]:
        return [d for d in self.documents if f"service-config:{kind}" in d.formats]

    def names(self) -> list[tuple[str, Document, Path]]:
        """Every service name this directory declares, with where it is declared."""
        out: list[tuple[str, Document, Path]] = []
        for doc in self.documents:
            out.extend((name, doc, path) for name, path in declared_names(doc))
        return out

    def name(self) -> str | None:
        found = self.declaration()
        return found[0] if found else None

    def declaration(self) -> tuple[str, Document] | None:
        """The service's name and where it is declared: the governance config, else the
        spec, else the manifests' most common name (ties broken alphabetically)."""
        for doc in (*self.configs(), *self.specs()):
            for name, _ in declared_names(doc):
                return name, doc
        counts: dict[str, list[Document]] = {}
        for name, doc, _ in self.names():
            counts.setdefault(name, []).append(doc)
        if not counts:
            return None
        name, docs = sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0]))[0]
        return name, docs[0]


@dataclass(slots=True)
class _Index:
    services: list[Service]
    by_doc: dict[int, Service]


def services(workspace: Workspace) -> list[Service]:
    """The service directories of ``workspace``, sorted by root (computed once per run)."""
    return _index(workspace).services


def service_of(workspace: Workspace, doc: Document) -> Service | None:
    return _index(workspace).by_doc.get(id(doc))


def services_named(workspace: Workspace, name: str) -> list[Service]:
    return [s for s in services(workspace) if s.name() == name]


@latest
def _index(workspace: Workspace) -> _Index:
    roots = sorted({marker_root(d) for d in workspace.documents if is_marker(d)})
    by_root: dict[str, Service] = {r: Service(r) for r in roots}
    by_doc: dict[int, Service] = {}
    for doc in workspace.documents:
        root = nearest_root(posixpath.dirname(doc.file), by_root)
        if root is not None:
            by_root[root].documents.append(doc)
            by_doc[id(doc)] = by_root[root]
    return _Index([by_root[r] for r in roots], by_doc)


def is_marker(doc: Document) -> bool:
    return is_openapi(doc) or GOVERNANCE_CONFIG in doc.formats


def marker_root(doc: Document) -> str:
    return marker_dir(doc.file)


def marker_dir(file: str) -> str:
    """The service directory a marker at ``file`` marks (also used by the score rollup,
    which groups report inventories the same way)."""
    directory = posixpath.dirname(file)
    if posixpath.basename(directory) in _CONVENTIONAL_SUBDIRS:
        return posixpath.dirname(directory)
    return directory


def nearest_root(directory: str, roots: Container[str]) -> str | None:
    """The nearest of ``roots`` that is ``directory`` or one of its ancestors."""
    while True:
        if directory in roots:
            return directory
        if not directory:
            return None
        directory = posixpath.dirname(directory)


# --- documents --------------------------------------------------------------------------


def is_openapi(doc: Document) -> bool:
    return doc.kind == KIND_OPENAPI or bool(doc.formats & {"oas2", "oas3"})


def declared_names(doc: Document) -> list[tuple[str, Path]]:
    """Service names a document declares (NAM-007): OpenAPI ``info.x-service-name``, the
    k8s label ``app.kubernetes.io/name``, a governance config's ``service.name``."""
    data = doc.data
    if not isinstance(data, dict):
        return []
    if is_openapi(doc):
        value = as_dict(data.get("info")).get("x-service-name")
        return [(value, ("info", "x-service-name"))] if isinstance(value, str) else []
    if GOVERNANCE_CONFIG in doc.formats:
        value = as_dict(data.get("service")).get("name")
        return [(value, ("service", "name"))] if isinstance(value, str) else []
    if "k8s" in doc.formats and data.get("kind") != "CustomResourceDefinition":
        value = labels(data).get("app.kubernetes.io/name")
        if isinstance(value, str):
            return [(value, ("metadata", "labels", "app.kubernetes.io/name"))]
    return []


def where(doc: Document) -> str:
    """How messages name a document: its file, plus ``#n`` in a multi-document file."""
    return doc.file if doc.index is None else f"{doc.file}#{doc.index}"
