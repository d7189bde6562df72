"""``oasUnusedComponent`` (rule oas3-unused-component)."""

from __future__ import annotations

from tests.functions.core.support import run

from govlint.functions.oas.oas_unused_component import oas_unused_component

MESSAGE = "Potential orphaned reusable object has been detected"


def test_unreferenced_components_of_every_type() -> None:
    doc = {
        "paths": {"/x": {"get": {"parameters": [{"$ref": "#/components/parameters/used"}]}}},
        "components": {
            "schemas": {"Orphan": {}, "Used": {}},
            "parameters": {"used": {"schema": {"$ref": "#/components/schemas/Used"}},
                           "lost": {}},
            "securitySchemes": {"never": {}},
            "links": ["not an object of components"],
        },
    }
    assert run(oas_unused_component, doc, resolved=False) == [
        {"path": ["components", "schemas", "Orphan"], "message": MESSAGE},
        {"path": ["components", "parameters", "lost"], "message": MESSAGE},
    ]


def test_no_components() -> None:
    assert run(oas_unused_component, {"paths": {}}, resolved=False) == []
