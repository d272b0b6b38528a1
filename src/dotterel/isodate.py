"""One reading of user-given dates (YYYY-MM-DD, a date or a datetime), with the error type of the caller's layer."""
from __future__ import annotations

from datetime import date, datetime

from .errors import DotterelError, InputError


def iso_date(value: date | datetime | str | None, where: str,
             error: type[DotterelError] = InputError) -> date | None:
    """None for empty values; a date otherwise, or `error` naming `where` and the expected form."""
    if value is None or value == "" or value == "null":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError as exc:
        raise error(f"{where}: {value!r} is not a date (expected YYYY-MM-DD)") from exc
