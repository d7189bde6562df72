"""The per-document formula: 100 * 2 ** (-penalty / size), docs/score.md."""

from __future__ import annotations

import pytest

from govlint.score.score import ALL_CATEGORIES, category, score_document

from .support import finding


def test_a_document_without_findings_scores_100_everywhere() -> None:
    result = score_document([], size=1)
    assert result.score == 100.0
    assert set(result.categories) == set(ALL_CATEGORIES)
    assert all(v == 100.0 for v in result.categories.values())


@pytest.mark.parametrize(("severities", "size", "expected"), [
    (["error"], 1, 50.0),            # one error halves a one-object document
    (["error", "error"], 1, 25.0),
    (["error"] * 12, 12, 50.0),      # one error per operation of a 12-operation spec
    (["error"], 12, 100 * 2 ** (-1 / 12)),
    (["warn"] * 4, 1, 50.0),         # four warnings weigh one error
    (["warn"], 1, 100 * 2 ** -0.25),
])
def test_errors_and_warnings_cost_per_unit_of_size(severities: list[str], size: int,
                                                   expected: float) -> None:
    findings = [finding("NAM-001", "a.yaml", s) for s in severities]
    assert score_document(findings, size).score == pytest.approx(expected)


def test_info_and_hint_are_shown_but_never_scored() -> None:
    findings = [finding("NAM-006", "a.yaml", "info"), finding("DOC-001", "a.yaml", "hint")]
    assert score_document(findings, 1).score == 100.0


def test_suppressed_findings_do_not_lower_the_score() -> None:
    waived = {"kind": "waiver", "owner": "ops", "expires": "2030-01-01"}
    findings = [finding("RES-001", "a.yaml", suppressed=waived),
                finding("RES-002", "a.yaml", suppressed={"kind": "baseline"})]
    assert score_document(findings, 1).score == 100.0


def test_a_parse_error_scores_zero_in_every_area_even_when_waived() -> None:
    for suppressed in (None, {"kind": "baseline"}):
        result = score_document([finding("parse-error", "a.yaml", suppressed=suppressed)], 5)
        assert result.unreadable
        assert result.score == 0.0
        assert set(result.categories.values()) == {0.0}


def test_category_scores_see_only_their_area_and_multiply_to_the_score() -> None:
    findings = [finding("TRC-001", "a.yaml"), finding("RES-002", "a.yaml", "warn")]
    result = score_document(findings, 2)
    assert result.categories["TRC"] == pytest.approx(100 * 2 ** -0.5)
    assert result.categories["RES"] == pytest.approx(100 * 2 ** -0.125)
    assert result.categories["NAM"] == 100.0
    product = 100.0
    for value in result.categories.values():
        product *= value / 100
    assert result.score == pytest.approx(product)


@pytest.mark.parametrize(("rule", "area"), [
    ("NAM-001", "NAM"), ("ERR-006", "ERR"), ("TRC-003", "TRC"), ("RES-004", "RES"),
    ("REL-002", "REL"), ("SBX-003", "SBX"), ("DOC-002", "DOC"), ("LOG-001", "LOG"),
    ("k8s-crd-schema", "other"), ("parse-error", "other"), ("oas3-schema", "other"),
    ("NAMING-1", "other"), ("nam-001", "other"),
])
def test_rule_areas_come_from_the_rule_id_prefix(rule: str, area: str) -> None:
    assert category(rule) == area
