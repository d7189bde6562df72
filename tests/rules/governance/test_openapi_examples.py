"""The OpenAPI rules on the example services, as examples/README.md describes them."""

from __future__ import annotations

import pytest
from tests.conftest import REPO, run_govlint
from tests.rules.governance.rule_docs import RULES

EXAMPLES = REPO / "examples"
P = "/paths/~1v1~1orders"
ORDERS_EXPECTED = {
    ("NAM-001", P + "~1{orderId}~1shipping_address"),
    ("NAM-001", P + "~1{orderId}~1items~1{item_id}"),
    ("NAM-001", P + "~1{orderId}~1invoice.pdf"),
    ("NAM-001", P + "~1{orderId}~1refunds~1"),
    ("NAM-002", "/paths/~1v2~1orders~1batch-import"),
    ("NAM-003", P + "~1{orderId}~1cancel/post"),
    ("NAM-004", "/components/schemas/Order/properties/shipping_address"),
    ("NAM-005", "/components/schemas/order_item"),
    ("NAM-006", "/components/schemas/OrderStatus/enum"),
    ("ERR-001", P + "~1{orderId}~1invoice.pdf/get/responses"),
    ("ERR-002", P + "~1{orderId}/get/responses/404/content"),
    ("ERR-002", P + "~1{orderId}~1cancel/post/responses/409/content/application~1json/schema"),
    ("ERR-003", P + "~1{orderId}~1items/get/responses/500/content/application~1json/example/code"),
    ("ERR-004", P + "~1{orderId}~1items/get/responses/404/x-error-codes/1"),
    ("ERR-004", P + "~1{orderId}~1items/get/responses/500/content/application~1json/example/code"),
    ("ERR-004", "/codes/5/code"),
    ("ERR-005", P + "~1{orderId}/get/responses"),
    ("TRC-001", P + "/get"),
    ("TRC-001", P + "~1{orderId}~1refunds~1/get"),
    ("TRC-002", P + "/post/parameters/1/required"),
    ("DOC-001", P + "~1{orderId}~1cancel/post"),
    ("DOC-002", "/info"),
    ("DOC-003", P + "/post/requestBody/content/application~1json/example"),
    ("SBX-001", "/components/schemas/OrderSuggestion/x-spec-sandbox"),
    ("SBX-002", "/paths/~1v1~1order-suggestions/post/x-spec-sandbox-evidence"),
    ("SBX-002", "/paths/~1v1~1order-suggestions/post/x-spec-sandbox-evidence/expires"),
    ("SBX-003", "/paths/~1v1~1order-exports/x-spec-sandbox-evidence/expires"),
}


def _lint(service: str, *args: str) -> dict:
    directory = EXAMPLES / service
    if not directory.is_dir():
        pytest.skip(f"{directory} not present")
    run = run_govlint("lint", ".", "--format", "json", *args, cwd=directory)
    assert run.code in (0, 1), run.stderr
    return run.json()


def test_orders_svc_breaks_the_openapi_rules_the_readme_lists():
    report = _lint("orders-svc")
    found = {(r["rule"], r["pointer"]) for r in report["results"] if r["rule"] in RULES}
    assert found == ORDERS_EXPECTED


def test_orders_svc_pinned_to_3_1_has_trc_001_as_warning_and_no_err_005():
    report = _lint("orders-svc", "--governance", "3.1")
    mine = [r for r in report["results"] if r["rule"] in RULES]
    assert {r["severity"] for r in mine if r["rule"] == "TRC-001"} == {"warn"}
    assert not [r for r in mine if r["rule"] == "ERR-005"]


def test_payments_svc_has_no_openapi_finding():
    report = _lint("payments-svc")
    assert [r for r in report["results"] if r["rule"] in RULES] == []
