"""Custom functions from installed packages: the ``govlint.functions`` entry point group."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path


def test_entry_point_functions_are_found_by_name(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "acme_rules").mkdir(parents=True)
    (site / "acme_rules" / "__init__.py").write_text(textwrap.dedent("""
        from govlint.functions.api import Result, collect, rule_function

        @rule_function("acmeNoFoo", schema={"type": "null"})
        def no_foo(target, options, context):
            if isinstance(target, str) and "foo" in target:
                return [Result(f"'{target}' mentions foo")]
            return None

        FUNCTIONS = collect(no_foo)
    """))
    dist = site / "acme_rules-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-rules\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[govlint.functions]\nacme = acme_rules:FUNCTIONS\n")
    (tmp_path / "r.yaml").write_text(
        "rules:\n  no-foo:\n    given: $.info.title\n    then: {function: acmeNoFoo}\n")
    (tmp_path / "spec.json").write_text(json.dumps(
        {"openapi": "3.0.0", "info": {"title": "foo api", "version": "1"}, "paths": {}}))
    env = {**os.environ, "PYTHONPATH": str(site)}
    proc = subprocess.run(
        [sys.executable, "-m", "govlint", "lint", "spec.json", "-r", "r.yaml", "-f", "json"],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)["results"]
    assert [(r["rule"], r["message"], r["pointer"]) for r in results] == [
        ("no-foo", "'foo api' mentions foo", "/info/title")]
