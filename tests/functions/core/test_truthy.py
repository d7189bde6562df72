"""``truthy``, ported from Spectral's truthy.test.ts plus missing-field cases."""

from __future__ import annotations

import pytest

from govlint.functions.core.truthy import truthy

from .support import InvalidOptions, run


@pytest.mark.parametrize("value", [True, 1, [], {}])
def test_truthy_values_pass(value: object) -> None:
    assert run(truthy, value) == []


@pytest.mark.parametrize("value", [False, None, 0, "", 0.0])
def test_falsy_values_fail(value: object) -> None:
    assert run(truthy, value) == [{"message": "The document must be truthy", "path": []}]


def test_missing_field_fails_on_the_parent() -> None:
    assert run(truthy, {}, field="foo") == [
        {"message": '"foo" property must be truthy', "path": []}
    ]


def test_missing_nested_field_names_the_dotted_property() -> None:
    doc = {"info": {"title": "x"}}
    assert run(truthy, doc, given=("info",), field="contact") == [
        {"message": '"info.contact" property must be truthy', "path": ["info"]}
    ]


@pytest.mark.parametrize("options", [{}, 2])
def test_rejects_any_options(options: object) -> None:
    with pytest.raises(InvalidOptions, match=r'^"truthy" function does not accept any options$'):
        run(truthy, [], options)
