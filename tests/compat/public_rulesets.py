"""Public Spectral rulesets run unchanged by Spectral and govlint (issue 15).

Shared by ``tests/compat/test_public_rulesets.py`` (govlint against the recorded data),
``tests/data/spectral-rulesets/record.py`` (re-records Spectral 6.16.3) and
``bench/public_rulesets.py`` (the big spec). Both tools lint the same project, built in a
temporary directory the way a team's repository looks: the ruleset's files, ``node_modules``
(a symlink to the npm packages ``.ci/run`` installs) and copies of the specs under
``apis-guru/`` so findings' files are corpus-relative. A finding is compared as
``(code, RFC 6901 pointer, start line (1-based), severity)``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "spectral-rulesets"
EXPECTED = DATA / "expected"
CORPUS = REPO.parent / "shared" / "corpus"
SEVERITIES = ("error", "warn", "info", "hint")  # Spectral's 0..3

Finding = tuple[str, str, int, str]  # (code, pointer, start line 1-based, severity)

# Scores measured in this test session, printed at its end (tests/compat/conftest.py).
SCORES: dict[str, str] = {}


@dataclass(frozen=True)
class Ruleset:
    """One public ruleset of ``rulesets.yaml``."""

    name: str
    ruleset: str | None  # entry file relative to DATA (repository rulesets)
    npm: str | None  # package name (npm rulesets)
    js: bool
    exclude: tuple[str, ...] = ()

    def specs(self) -> list[str]:
        """The manifest's specs this ruleset is compared on."""
        return [s for s in manifest()["specs"] if s not in self.exclude]

    @property
    def folder(self) -> Path | None:
        """The ruleset's data folder (its LICENSE and SOURCE live there)."""
        return DATA / self.ruleset.split("/")[0] if self.ruleset else None

    def entry(self, project: Path) -> Path:
        """The ruleset file both tools are given, inside a project built by build_project."""
        if self.ruleset:
            return project / Path(self.ruleset).relative_to(self.ruleset.split("/")[0])
        return project / ".spectral.yaml"

    def digest(self) -> str:
        """sha256 over the ruleset's files (or its npm pin): stale recordings are detected."""
        h = hashlib.sha256()
        if self.folder is not None:
            for path in sorted(p for p in self.folder.rglob("*") if p.is_file()):
                h.update(path.relative_to(self.folder).as_posix().encode() + b"\0")
                h.update(path.read_bytes())
        else:
            h.update(next(p for p in manifest()["packages"]
                          if p.rpartition("@")[0] == self.npm).encode())
        return h.hexdigest()


def manifest() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA / "rulesets.yaml").read_text(encoding="utf-8"))
    return data


def rulesets() -> list[Ruleset]:
    return [Ruleset(name, entry.get("ruleset"), entry.get("npm"), bool(entry.get("js")),
                    tuple(entry.get("exclude") or ()))
            for name, entry in manifest()["rulesets"].items()]


def node_modules() -> Path | None:
    """The npm packages .ci/run installs ($GOVLINT_TOOLS/spectral-rulesets), if present."""
    roots = [Path(os.environ["GOVLINT_TOOLS"])] if os.environ.get("GOVLINT_TOOLS") else []
    roots.append(Path.home() / ".cache" / "govlint-tools")
    for root in roots:
        candidate = root / "spectral-rulesets" / "node_modules"
        if (candidate / "@stoplight" / "spectral-functions").is_dir():
            return candidate
    return None


def build_project(ruleset: Ruleset, spec_paths: list[Path], dest: Path,
                  modules: Path | None) -> Path:
    """A repository-shaped project in ``dest``; returns the ruleset file to lint with.

    ``spec_paths`` are absolute; each is copied to ``dest/<path relative to the corpus>``
    (or ``dest/<file name>`` when it is outside the corpus).
    """
    dest.mkdir(parents=True, exist_ok=True)
    if ruleset.folder is not None:
        shutil.copytree(ruleset.folder, dest, dirs_exist_ok=True)
    else:
        (dest / ".spectral.yaml").write_text(
            f"extends: [{json.dumps(ruleset.npm)}]\n", encoding="utf-8")
    if modules is not None:
        (dest / "node_modules").symlink_to(modules, target_is_directory=True)
    for spec in spec_paths:
        rel = spec.relative_to(CORPUS) if spec.is_relative_to(CORPUS) else Path(spec.name)
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(spec, dest / rel)
    return ruleset.entry(dest)


def to_pointer(path: list[str | int]) -> str:
    """RFC 6901 pointer for a Spectral result path."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def from_spectral(results: list[dict[str, Any]], project: Path) -> dict[str, set[Finding]]:
    """Spectral's JSON output, by project-relative file."""
    out: dict[str, set[Finding]] = {}
    root = project.resolve()
    for r in results:
        source = Path(r.get("source") or "")
        try:
            rel = source.resolve().relative_to(root).as_posix()
        except ValueError:
            rel = source.as_posix()
        line = int(r["range"]["start"]["line"]) + 1
        out.setdefault(rel, set()).add(
            (r["code"], to_pointer(r["path"]), line, SEVERITIES[int(r["severity"])]))
    return out


def from_govlint(report: dict[str, Any]) -> dict[str, set[Finding]]:
    """govlint's JSON report, by project-relative file (suppressed findings excluded)."""
    out: dict[str, set[Finding]] = {}
    for r in report["results"]:
        if r.get("suppressed"):
            continue
        out.setdefault(r["file"], set()).add(
            (r["rule"], r["pointer"], int(r.get("line") or 0), r["severity"]))
    return out


@dataclass(frozen=True)
class Score:
    """How govlint's findings compare with Spectral's over all specs of one ruleset."""

    expected: int
    actual: int
    common: int

    @property
    def precision(self) -> float:
        return self.common / self.actual if self.actual else 1.0

    @property
    def recall(self) -> float:
        return self.common / self.expected if self.expected else 1.0

    @property
    def parity(self) -> float:
        """Common findings over all findings either tool reports (Jaccard): <= both."""
        union = self.expected + self.actual - self.common
        return self.common / union if union else 1.0

    def __str__(self) -> str:
        return (f"parity {self.parity:.1%} (precision {self.precision:.1%}, recall "
                f"{self.recall:.1%}; Spectral {self.expected}, govlint {self.actual}, "
                f"both {self.common})")


def score(want: dict[str, set[Finding]], got: dict[str, set[Finding]]) -> Score:
    expected = sum(len(v) for v in want.values())
    actual = sum(len(v) for v in got.values())
    common = sum(len(want.get(f, set()) & got.get(f, set())) for f in set(want) | set(got))
    return Score(expected, actual, common)


def load_expected(ruleset: Ruleset) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (EXPECTED / f"{ruleset.name}.json").read_text(encoding="utf-8"))
    return data


def expected_findings(data: dict[str, Any]) -> dict[str, set[Finding]]:
    """The recorded findings: per spec, ``{"code severity": [[line, pointer], ...]}``."""
    out: dict[str, set[Finding]] = {}
    for spec, groups in data["results"].items():
        found = out.setdefault(spec, set())
        for key, rows in groups.items():
            code, _, severity = key.rpartition(" ")
            found.update((code, pointer, int(line), severity) for line, pointer in rows)
    return out


def render_expected(head: dict[str, Any], results: dict[str, set[Finding]]) -> str:
    """Deterministic, compact JSON (findings grouped by code and severity, one group a
    line) so diffs stay reviewable."""
    specs = []
    for spec in sorted(results):
        groups: dict[str, list[tuple[int, str]]] = {}
        for code, pointer, line, severity in sorted(results[spec]):
            groups.setdefault(f"{code} {severity}", []).append((line, pointer))
        rows = ",\n    ".join(
            f"{json.dumps(key)}: {json.dumps([list(r) for r in sorted(v)], ensure_ascii=False)}"
            for key, v in sorted(groups.items()))
        specs.append(f"  {json.dumps(spec)}: {{\n    {rows}\n  }}" if rows
                     else f"  {json.dumps(spec)}: {{}}")
    text = json.dumps(head, indent=1, ensure_ascii=False)[:-2]
    body = ",\n".join(specs)
    return f'{text},\n "results": {{\n{body}\n }}\n}}\n'
