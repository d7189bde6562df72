"""``falsy``, ported from Spectral's falsy.test.ts."""

from __future__ import annotations

import pytest

from govlint.functions.core.falsy import falsy

from .support import InvalidOptions, run


@pytest.mark.parametrize("value", [False, None, 0, ""])
def test_falsy_values_pass(value: object) -> None:
    assert run(falsy, value) == []


@pytest.mark.parametrize("value", [True, 1, [], {}])
def test_truthy_values_fail(value: object) -> None:
    assert run(falsy, value) == [{"message": "The document must be falsy", "path": []}]


def test_missing_field_passes_and_present_field_is_named() -> None:
    assert run(falsy, {}, field="foo") == []
    assert run(falsy, {"foo": "x"}, field="foo") == [
        {"message": '"foo" property must be falsy', "path": ["foo"]}
    ]


@pytest.mark.parametrize("options", [{}, 2])
def test_rejects_any_options(options: object) -> None:
    with pytest.raises(InvalidOptions, match=r'^"falsy" function does not accept any options$'):
        run(falsy, [], options)
