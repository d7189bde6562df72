from __future__ import annotations

import io
from pathlib import Path

import pytest

from govlint.errors import GovlintError
from govlint.reports.model import Report
from govlint.reports.output import OutputSpec, emit, parse_specs, use_color


def test_parse_specs() -> None:
    assert parse_specs([]) == [OutputSpec("stylish")]
    assert parse_specs([], default="json") == [OutputSpec("json")]
    assert parse_specs(["SARIF:out/a.sarif", "stylish"]) == [
        OutputSpec("sarif", Path("out/a.sarif")), OutputSpec("stylish")
    ]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["xml"], "unknown format 'xml'"),
        (["json:"], "missing file name"),
        (["json", "stylish"], "only one --format may write to standard output"),
    ],
)
def test_bad_specs(values: list[str], message: str) -> None:
    with pytest.raises(GovlintError, match=message):
        parse_specs(values)


def test_emit_writes_every_format_from_one_report(report: Report, tmp_path: Path) -> None:
    out = io.StringIO()
    specs = parse_specs([f"gitlab:{tmp_path}/a/gl.json", "markdown", f"json:{tmp_path}/r.json"])
    emit(report, specs, stdout=out)
    assert out.getvalue().startswith("### govlint")
    assert (tmp_path / "a" / "gl.json").read_text().startswith("[")
    assert '"schemaVersion"' in (tmp_path / "r.json").read_text()


def test_emit_to_an_unwritable_place_is_a_clear_error(report: Report, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(GovlintError, match="cannot write sarif report"):
        emit(report, parse_specs([f"sarif:{tmp_path}/file/sub.sarif"]), stdout=io.StringIO())


def test_colour_follows_tty_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert use_color(Tty()) and not use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(Tty())
