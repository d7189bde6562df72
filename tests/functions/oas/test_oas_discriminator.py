"""``oasDiscriminator`` (rule oas2-discriminator)."""

from __future__ import annotations

from tests.functions.core.support import run

from govlint.functions.oas.oas_discriminator import oas_discriminator


def test_defined_and_required_passes() -> None:
    schema = {"discriminator": "kind", "properties": {"kind": {}}, "required": ["kind"]}
    assert run(oas_discriminator, {"definitions": {"Pet": schema}},
               given=("definitions", "Pet")) == []


def test_missing_property_and_requirement() -> None:
    schema = {"discriminator": "kind", "properties": {"name": {}}}
    assert run(oas_discriminator, {"definitions": {"Pet": schema}},
               given=("definitions", "Pet")) == [
        {"path": ["definitions", "Pet", "properties"],
         "message": "The discriminator property must be defined in this schema."},
        {"path": ["definitions", "Pet"],  # "required" is missing: its closest path
         "message": "The discriminator property must be in the required property list."},
    ]


def test_non_string_discriminator_is_not_checked() -> None:
    assert run(oas_discriminator, {"discriminator": {"propertyName": "x"}}) == []
