"""Documents: parsed files with their kind, formats and (lazy) source positions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from govlint.findings.model import Finding, Path

# What a document is, coarsely. Rules select on the finer ``formats``.
KIND_OPENAPI = "openapi"
KIND_K8S = "k8s"
KIND_SERVICE_CONFIG = "service-config"
KIND_GENERIC = "generic"


@dataclass(slots=True, frozen=True)
class Span:
    """1-based source range of a value."""

    line: int
    column: int
    end_line: int
    end_column: int


# Maps a path inside a document to its source span; built on demand by the loader.
Locator = Callable[[Path], Span]


@dataclass(slots=True, eq=False)
class Document:
    """One parsed document. A multi-document YAML file yields several (``index`` 0..n-1).

    ``formats`` are the names rules select on: Spectral's ``oas2``, ``oas3``, ``oas3_0``,
    ``oas3_1``, ``oas3_2`` plus govlint's ``k8s``, ``k8s:<Kind>``, ``k8s:crd``, ``service-config``,
    ``service-config:<type>``, ``json``, ``yaml``, ``properties``.
    """

    file: str  # relative to the project root, '/' separators
    abspath: FsPath
    data: Any
    syntax: str  # "json" | "yaml" | "properties"
    kind: str = KIND_GENERIC
    formats: frozenset[str] = frozenset()
    index: int | None = None  # set only for files holding more than one document
    locator: Locator | None = field(default=None, repr=False)
    # YAML anchors/aliases make one container appear at several places of ``data``;
    # walks that skip revisited containers must not do so then.
    may_alias: bool = False

    def locate(self, path: Path) -> Span:
        """Source span of ``path``, falling back to its nearest existing ancestor."""
        if self.locator is None:
            return Span(1, 1, 1, 1)
        return self.locator(path)

    def get(self, path: Path, default: Any = None) -> Any:
        """Value at ``path`` in ``data`` (``default`` when it does not exist)."""
        node = self.data
        for key in path:
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                return default
        return node


@dataclass(slots=True)
class LoadedFile:
    """Everything read from one file: its documents and any findings about the file itself
    (``parse-error``, ``ref-*``). A broken file yields findings, never an exception."""

    file: str
    abspath: FsPath
    documents: list[Document] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass(slots=True)
class Workspace:
    """Every document of one run: what workspace (cross-document) rules look across."""

    documents: list[Document]
    # Files the run reports on (None: all). Findings on other files are dropped, so a rule
    # whose check of one document stands alone (a custom resource against its CRD) can
    # skip the documents only read for context.
    reported: frozenset[str] | None = None

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def reports(self, doc: Document) -> bool:
        """Whether findings on ``doc`` are reported by this run."""
        return self.reported is None or doc.file in self.reported

    def with_format(self, *formats: str) -> Iterable[Document]:
        """Documents that have any of ``formats``."""
        wanted = set(formats)
        return (d for d in self.documents if d.formats & wanted)

    def k8s(self, kind: str | None = None) -> Iterable[Document]:
        """Kubernetes objects, optionally of one ``kind``."""
        return self.with_format(f"k8s:{kind}" if kind else "k8s")
