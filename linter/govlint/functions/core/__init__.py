"""Spectral's core functions, with Spectral's semantics and messages.

One module per function. Besides ``FUNCTIONS`` (the ``govlint.functions`` entry point), the
rules engine uses :func:`option_errors` to validate ``functionOptions`` at load time and
:func:`compile_js_regex` wherever a ruleset carries a JS regex.
"""

from __future__ import annotations

from govlint.functions.api import collect
from govlint.functions.core._js import print_property, print_value, property_var
from govlint.functions.core._options import option_errors
from govlint.functions.core._regex import JsRegexError, compile_js_regex
from govlint.functions.core.alphabetical import alphabetical
from govlint.functions.core.casing import casing
from govlint.functions.core.defined import defined
from govlint.functions.core.enumeration import enumeration
from govlint.functions.core.falsy import falsy
from govlint.functions.core.length import length
from govlint.functions.core.or_ import or_
from govlint.functions.core.pattern import pattern
from govlint.functions.core.schema import schema
from govlint.functions.core.truthy import truthy
from govlint.functions.core.typed_enum import typed_enum
from govlint.functions.core.undefined import undefined
from govlint.functions.core.unreferenced_reusable_object import unreferenced_reusable_object
from govlint.functions.core.xor import xor

FUNCTIONS = collect(
    alphabetical,
    casing,
    defined,
    enumeration,
    falsy,
    length,
    or_,
    pattern,
    schema,
    truthy,
    typed_enum,
    undefined,
    unreferenced_reusable_object,
    xor,
)

__all__ = [
    "FUNCTIONS",
    "JsRegexError",
    "compile_js_regex",
    "option_errors",
    "print_property",
    "print_value",
    "property_var",
]
