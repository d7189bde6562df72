"""Where a document sits in the project on disk (not a rule module): the project root and
the directories from the document's up to it, where rules look for the files a document
names (ERR-004's error catalogue, SBX-002's evidence)."""

from __future__ import annotations

from pathlib import Path as FsPath
from pathlib import PurePosixPath

from govlint.documents.model import Document


def project_root(doc: Document) -> FsPath | None:
    """The project root, from the document's path relative to it and its absolute path
    (``None`` when the document lies outside the root)."""
    parts = PurePosixPath(doc.file).parts
    if not parts or ".." in parts or PurePosixPath(doc.file).is_absolute():
        return None
    abspath = FsPath(doc.abspath)
    if len(parts) > len(abspath.parts):
        return None
    return abspath.parents[len(parts) - 1]


def search_dirs(doc: Document) -> list[FsPath]:
    """The document's directory, then each parent up to the project root (nearest first)."""
    directory = FsPath(doc.abspath).parent
    dirs = [directory]
    root = project_root(doc)
    while root is not None and directory != root and root in directory.parents:
        directory = directory.parent
        dirs.append(directory)
    return dirs


def shown(path: FsPath, doc: Document) -> str:
    """``path`` as messages show it: relative to the project root when inside it."""
    root = project_root(doc)
    if root is not None:
        try:
            return path.relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)
