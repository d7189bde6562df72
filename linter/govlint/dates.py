"""Dates, the same everywhere: sandbox expiry (rules), waiver expiry (exceptions), the
"expiring soon" horizon (score). ``GOVLINT_TODAY=YYYY-MM-DD`` pins "today" for tests and
for reproducing a past CI run."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any


def today() -> dt.date:
    """Local date, or ``GOVLINT_TODAY`` when set."""
    pinned = os.environ.get("GOVLINT_TODAY")
    if pinned:
        try:
            return dt.date.fromisoformat(pinned.strip())
        except ValueError:
            from govlint.errors import GovlintError

            raise GovlintError(
                f"GOVLINT_TODAY must be a date YYYY-MM-DD, got {pinned!r}"
            ) from None
    return dt.date.today()


def parse_date(value: Any) -> dt.date | None:
    """A YAML date, or an ISO ``YYYY-MM-DD`` string (a timestamp counts by its date)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None
