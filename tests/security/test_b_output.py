"""Issue 11 §5-7: hostile file names and messages in every report format, atomic report
files, internal errors with their own exit code. Each case runs the real CLI in a temporary
repository with default settings."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from govlint.cli.main import run as run_main


def run(argv: list[str]) -> int:
    """The exit code of ``govlint ARGV`` run in this process (commands ``sys.exit``)."""
    try:
        return run_main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)

SPEC = 'openapi: 3.0.3\ninfo: {title: x, version: "1"}\npaths: {}\n'
INJECTION = "x\n::error file=pwned.yaml::owned\n.yaml"
ESCAPE = "e\x1b[2J\x1b]0;title\x07.yaml"
HTML = "<svg onload=alert(1)>|</td><script>x</script>.yaml"
BIDI = "a\u202eb.yaml"
NON_UTF8 = os.fsdecode(b"bad\xff\xfe.yaml")
HOSTILE = [INJECTION, ESCAPE, HTML, BIDI, NON_UTF8]
# every message also carries hostile text: a ruleset whose message quotes the title
RULESET = """rules:
  title-echo:
    description: echoes the title
    message: "title is {{value}}"
    severity: error
    given: $.info.title
    then: {function: falsy}
  "r\\n::error file=rule.yaml::rule <b>x</b>|y":
    description: a hostile rule id
    message: hostile
    severity: warn
    given: $.info
    then: {field: nothing, function: truthy}
"""
HOSTILE_TITLE = "t\\n::error file=m.yaml::msg \\u001b[31m <img src=x onerror=alert(1)> | `x`"
# GitHub's runner reads a workflow command at the start of any line, leading spaces trimmed
COMMAND = re.compile(r"^\s*(::|##\[)", re.MULTILINE)


@pytest.fixture
def hostile_repo(tmp_path: Path) -> Path:
    (tmp_path / "ruleset.yaml").write_text(RULESET)
    spec = SPEC.replace("title: x", f'title: "{HOSTILE_TITLE}"')
    for name in HOSTILE:  # HTML's "/" makes directories: the report shows the whole path
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(spec)
    (tmp_path / "ok.yaml").write_text(spec)
    return tmp_path


def lint(repo: Path, capfd: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``govlint lint`` in-process in ``repo``; (exit code, stdout, stderr)."""
    old = Path.cwd()
    os.chdir(repo)
    try:
        code = run(["lint", "-r", "ruleset.yaml", *args, "."])
    finally:
        os.chdir(old)
    out, err = capfd.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", ["stylish", "json", "sarif", "gitlab", "junit", "github",
                                 "markdown"])
def test_every_format_writes_hostile_names(hostile_repo: Path, fmt: str,
                                           capfd: pytest.CaptureFixture[str]) -> None:
    start = time.monotonic()
    code, out, err = lint(hostile_repo, capfd, "-f", fmt)
    assert time.monotonic() - start < 30
    assert code == 1, err  # the title-echo errors: findings, not a crash
    assert "Traceback" not in err and err == ""
    out.encode("utf-8")  # strict: no lone surrogates reach the stream
    if fmt == "github":
        # one command per finding, none injected by a name or a message
        commands = COMMAND.findall(out)
        assert len(commands) == len(out.splitlines()) == 12  # 6 files x 2 rules
        files = set()
        for line in out.splitlines():
            match = re.fullmatch(r"::(?:error|warning) ([^:]*)::(.*)", line)
            assert match, line  # properties hold no raw ':' and the message no newline
            props = dict(p.split("=", 1) for p in match.group(1).split(","))
            files.add(props["file"].replace("%0A", "\n").replace("%3A", ":"))
        assert INJECTION in files and "ok.yaml" in files
        assert "title=r%0A%3A%3Aerror file=rule.yaml%3A%3Arule <b>x</b>|y::hostile" in out
    else:
        assert not COMMAND.search(out), out
    assert "\x1b" not in out  # JSON writes \u001b, XML cannot carry it, text escapes it
    if fmt in ("stylish", "github", "markdown"):  # read by people: no reordered text
        assert "\u202e" not in out
    if fmt in ("json", "sarif", "gitlab"):
        data = json.loads(out)
        assert "bad\ufffd\ufffd.yaml" in json.dumps(data, ensure_ascii=False)
    if fmt == "junit":
        ET.fromstring(out.encode("utf-8"))
        assert "bad\ufffd\ufffd.yaml" in out
    if fmt == "markdown":
        # HTML is literal inside a code span (CommonMark); outside one it is an entity
        outside = re.sub(r"`[^`\n]*`", "", out)
        assert "<" not in outside and ">" not in outside.replace("\\>", "")
        assert "&lt;img src=x onerror=alert(1)&gt;" in outside
        for line in out.splitlines():
            if line.startswith("|"):
                # every row of a table has the header's cell count: no injected | or newline
                cells = re.split(r"(?<!\\)\|", line)
                assert len(cells) in (5, 6, 7, 8), line
    if fmt == "stylish":
        assert "x\\n::error file=pwned.yaml::owned\\n.yaml" in out
        assert "e\\x1b[2J\\x1b]0;title\\x07.yaml" in out
        assert "a\\u202eb.yaml" in out
        assert "bad\ufffd\ufffd.yaml" in out


def test_markdown_table_cells_stay_cells(hostile_repo: Path,
                                         capfd: pytest.CaptureFixture[str]) -> None:
    _, out, _ = lint(hostile_repo, capfd, "-f", "markdown")
    worst = [line for line in out.splitlines() if "title-echo" in line and "title is" in line]
    assert worst, out
    for row in worst:
        assert row.count("|") - row.count("\\|") == 5, row
        assert "&lt;img src=x onerror=alert(1)&gt;" in row
        assert "\\| \\`x\\`" in row


def test_error_message_with_hostile_name_is_escaped(tmp_path: Path,
                                                    capfd: pytest.CaptureFixture[str]) -> None:
    """A usage error quoting a hostile path cannot start a workflow command on stderr
    (error messages may span lines, e.g. a YAML error with its context: each is guarded)."""
    (tmp_path / "ok.yaml").write_text(SPEC)
    code = run(["lint", "--baseline", str(tmp_path / "b\n::error file=x::y.json"),
                str(tmp_path / "ok.yaml")])
    _, err = capfd.readouterr()
    assert code == 2
    assert not COMMAND.search(err), err
    assert "b\n\\::error file=x::y.json" in err


def test_report_files_are_replaced_atomically(tmp_path: Path) -> None:
    """``kill -9`` during a run leaves the previous report whole, never a truncated one,
    and no temporary file once a run completes."""
    for i in range(300):
        (tmp_path / f"s{i:03}.yaml").write_text(SPEC)
    out = tmp_path / "out" / "govlint.sarif"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    cmd = [sys.executable, "-m", "govlint", "lint", "-j", "1", "-f", f"sarif:{out}", "."]
    first = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, timeout=120)
    assert first.returncode in (0, 1), first.stderr
    whole = out.read_bytes()
    json.loads(whole)
    os.chmod(out, 0o640)
    for delay in (0.5, 1.0, 1.5):
        proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert out.read_bytes() == whole  # same input, same bytes: old or new, never half
    leftovers = [p.name for p in out.parent.iterdir() if p.name != out.name]
    for name in leftovers:  # a killed run may leave its temporary file, never at the path
        assert name.startswith(".govlint.sarif.") and name.endswith(".tmp")
    subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, timeout=120)
    assert out.stat().st_mode & 0o777 == 0o640  # permissions of the file replaced


def test_report_to_a_device_is_written_in_place(tmp_path: Path,
                                                capfd: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ok.yaml").write_text(SPEC)
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = run(["lint", "-f", "json:/dev/null", "ok.yaml"])
    finally:
        os.chdir(old)
    assert code in (0, 1)
    assert Path("/dev/null").exists() and not Path("/dev/null").is_file()


def test_internal_error_exits_4_naming_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capfd: pytest.CaptureFixture[str]) -> None:
    """A bug (here: a function that crashes on one file) is exit 4 with one line naming the
    file, not a traceback with exit 1 (findings) or 3 (the GitLab template's warn-only)."""
    (tmp_path / "ok.yaml").write_text(SPEC)
    (tmp_path / "crash.yaml").write_text(SPEC)
    from govlint.documents import load

    real = load.load_file

    def crashing(abspath: Path, *args: object, **kwargs: object) -> object:
        if abspath.name == "crash.yaml":
            raise KeyError("boom")
        return real(abspath, *args, **kwargs)

    monkeypatch.setattr(load, "load_file", crashing)
    monkeypatch.chdir(tmp_path)
    code = run(["lint", "."])
    err = capfd.readouterr().err
    assert code == 4
    assert "Traceback" not in err
    assert "internal error (KeyError: 'boom') while processing" in err
    assert "crash.yaml" in err and len(err.strip().splitlines()) == 1
    monkeypatch.setenv("GOVLINT_DEBUG", "1")
    assert run(["lint", "."]) == 4
    assert "Traceback" in capfd.readouterr().err


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_score_outputs_escape_hostile_names(hostile_repo: Path, fmt: str,
                                            capfd: pytest.CaptureFixture[str]) -> None:
    """Team names (CODEOWNERS), service and file names reach the score's text and markdown."""
    (hostile_repo / "CODEOWNERS").write_text("* @team\x1b[31m<svg/onload=alert(1)>|x\n")
    old = Path.cwd()
    os.chdir(hostile_repo)
    try:
        code = run(["score", "-r", "ruleset.yaml", "-f", fmt, "."])
    finally:
        os.chdir(old)
    out, err = capfd.readouterr()
    assert code in (0, 1), err
    assert "Traceback" not in err
    assert not COMMAND.search(out), out
    assert "\x1b" not in out and "\u202e" not in out
    out.encode("utf-8")
    if fmt == "markdown":
        outside = re.sub(r"`[^`\n]*`", "", out)
        assert "<svg" not in outside and "<" not in outside


def test_stored_outputs_accept_non_utf8_names(hostile_repo: Path,
                                              capfd: pytest.CaptureFixture[str]) -> None:
    """A baseline, a history snapshot and the dashboard are written with U+FFFD for a
    non-UTF-8 name; the baseline still absorbs that file's findings."""
    old = Path.cwd()
    os.chdir(hostile_repo)
    try:
        assert run(["baseline", "create", "-r", "ruleset.yaml", "-o", "b.json", "."]) == 0
        stored = json.loads(Path("b.json").read_text(encoding="utf-8"))
        assert "bad\ufffd\ufffd.yaml" in {e["file"] for e in stored["findings"]}
        assert run(["lint", "-r", "ruleset.yaml", "--baseline", "b.json", "."]) == 0
        assert run(["score", "-r", "ruleset.yaml", "--record", "--db", "h.sqlite", "."]) in (0, 1)
        assert run(["dashboard", "--db", "h.sqlite", "-o", "site"]) == 0
        assert run(["history", "--db", "h.sqlite"]) == 0
    finally:
        os.chdir(old)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "internal error" not in err


def test_waive_refuses_non_utf8_and_escapes_its_message(
        hostile_repo: Path, capfd: pytest.CaptureFixture[str]) -> None:
    old = Path.cwd()
    os.chdir(hostile_repo)
    try:
        args = ["--owner", "a", "--approver", "b", "--reason", "r", "--expires", "30d",
                "-r", "ruleset.yaml"]
        assert run(["waive", "title-echo", NON_UTF8, *args]) == 2
        assert "not valid UTF-8" in capfd.readouterr().err
        assert run(["waive", "title-echo", INJECTION, *args]) == 0
        out, err = capfd.readouterr()
        assert not COMMAND.search(out + err), out + err
        assert run(["lint", "-r", "ruleset.yaml", "-f", "json", INJECTION]) == 0
    finally:
        os.chdir(old)


def test_internal_error_in_a_worker_process_names_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str]) -> None:
    """With --jobs 2 the crash happens in a worker; its label survives the trip back."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the crash is injected by patching the parent before workers fork")
    for name in ("a.yaml", "crash.yaml", "z.yaml"):
        (tmp_path / name).write_text(SPEC)
    from govlint.documents import refs

    real = refs.RefCache.load

    def crashing(self: refs.RefCache, abspath: Path) -> object:
        if abspath.name == "crash.yaml":
            raise ZeroDivisionError("boom")
        return real(self, abspath)

    monkeypatch.setattr(refs.RefCache, "load", crashing)
    monkeypatch.chdir(tmp_path)
    code = run(["lint", "--jobs", "2", "."])
    err = capfd.readouterr().err
    assert code == 4, err
    assert "internal error (ZeroDivisionError: boom) while processing" in err
    assert "crash.yaml" in err and "Traceback" not in err


def test_report_path_symlinks_are_replaced_not_followed(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """A checkout can commit ``gl-code-quality-report.json -> ~/.bashrc``: the report
    replaces the link and the target is untouched. A link to a device other than a pipe,
    terminal or /dev/null is refused."""
    (tmp_path / "ok.yaml").write_text(SPEC)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / "report.json").symlink_to(victim)
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert run(["lint", "-f", "json:report.json", "ok.yaml"]) in (0, 1)
        assert run(["lint", "-f", "json:zero.json", "ok.yaml"]) == 2
        assert run(["lint", "-f", "json:/dev/null", "ok.yaml"]) in (0, 1)
    finally:
        os.chdir(old)
    assert victim.read_text() == "precious\n"
    assert not (tmp_path / "report.json").is_symlink()
    json.loads((tmp_path / "report.json").read_text())
    err = capfd.readouterr().err
    assert "is a device, not a file, pipe or terminal" in err and "Traceback" not in err


def test_junit_escapes_pointers_built_from_hostile_keys(tmp_path: Path,
                                                        capfd: pytest.CaptureFixture[str]) -> None:
    """A path key becomes the JSON pointer of its findings: in JUnit's test names and
    failure text it must not start a workflow command or carry a bidi override."""
    key = "/x\n::error file=x::pwn\x1b[2J\u202e"
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1.0.0"},
            "paths": {key: {"get": {"responses": {"200": {"description": "ok"}}}}}}
    (tmp_path / "openapi.json").write_text(json.dumps(spec), encoding="utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = run(["lint", "-f", "junit", "."])
    finally:
        os.chdir(old)
    out, err = capfd.readouterr()
    assert code == 1 and "Traceback" not in err
    ET.fromstring(out.encode("utf-8"))
    assert "~1x" in out  # findings on the hostile path are in the report
    assert not COMMAND.search(out), out
    assert "\u202e" not in out and "\x1b" not in out
