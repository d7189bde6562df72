"""``defined``, ported from Spectral's defined.test.ts plus the null-vs-missing case."""

from __future__ import annotations

import pytest

from govlint.functions.core.defined import defined

from .support import InvalidOptions, run


@pytest.mark.parametrize("value", [True, 0, None])
def test_defined_values_pass(value: object) -> None:
    assert run(defined, value) == []


def test_missing_field_fails() -> None:
    assert run(defined, {}, field="foo") == [
        {"message": '"foo" property must be defined', "path": []}
    ]


def test_null_field_is_defined() -> None:
    assert run(defined, {"foo": None}, field="foo") == []


@pytest.mark.parametrize("options", [{}, 2])
def test_rejects_any_options(options: object) -> None:
    with pytest.raises(InvalidOptions, match=r'^"defined" function does not accept any options$'):
        run(defined, [], options)
