"""JSON Schemas of the options that several governance functions take alike (not a rule
module): rules given the same option validate it the same way."""

from __future__ import annotations

# TRC-001, TRC-002, ERR-005: the trace-context header names.
HEADERS = {
    "type": "object", "required": ["headers"],
    "properties": {"headers": {"type": "array", "minItems": 1, "items": {"type": "string"}}},
}

# RES-002, RES-005: the least traffic a circuit breaker may trip on (var minRequestAmount).
MIN_REQUEST_AMOUNT = {
    "type": "object",
    "properties": {"minRequestAmount": {"type": "number", "minimum": 1}},
    "required": ["minRequestAmount"],
    "additionalProperties": False,
}
