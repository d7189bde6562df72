"""``undefined``: the mirror of ``defined`` (Spectral has no test file for it)."""

from __future__ import annotations

import pytest

from govlint.functions.core.undefined import undefined

from .support import InvalidOptions, run


def test_missing_field_passes() -> None:
    assert run(undefined, {}, field="foo") == []


@pytest.mark.parametrize("value", ["x", 0, None, False, {}])
def test_present_field_fails_even_when_null(value: object) -> None:
    assert run(undefined, {"foo": value}, field="foo") == [
        {"message": '"foo" property must be undefined', "path": ["foo"]}
    ]


def test_rejects_any_options() -> None:
    with pytest.raises(InvalidOptions, match="does not accept any options"):
        run(undefined, {}, {"x": 1})
