"""CLICS time values: RELTIME durations and ISO 8601 TIME stamps, read and written.

RELTIME is `(-)?(h)*h:mm:ss(.uuu)?` (Contest API, "JSON property types"); older feeds
give some durations (`penalty_time`) as integer minutes instead.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

_RELTIME = re.compile(r"^(-)?(\d+):([0-5]\d):([0-5]\d)(?:\.(\d{1,9}))?$")


class TimeFormatError(ValueError):
    """A value that is not a valid CLICS RELTIME or TIME."""


def parse_reltime(text: str) -> float:
    """Seconds of a RELTIME string, e.g. `"-0:15:32.457"` -> -932.457."""
    match = _RELTIME.match(text.strip())
    if match is None:
        raise TimeFormatError(f"not a RELTIME (h:mm:ss(.uuu)?): {text!r}")
    sign, hours, minutes, seconds, fraction = match.groups()
    total = int(hours) * 3600 + int(minutes) * 60 + int(seconds)
    value = total + (int(fraction) / 10 ** len(fraction) if fraction else 0.0)
    return -value if sign else value


def parse_minutes(value: object) -> float:
    """Minutes of a duration given as integer minutes (older spec) or as a RELTIME."""
    if isinstance(value, bool):
        raise TimeFormatError(f"not a duration: {value!r}")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        return parse_reltime(value) / 60
    raise TimeFormatError(f"not a duration: {value!r}")


def parse_time(text: str) -> datetime:
    """An absolute CLICS TIME, `yyyy-mm-ddThh:mm:ss(.uuu)?[+-]zz(:mm)?` or `Z`; always aware."""
    normalized = text.strip()
    if normalized.endswith(("Z", "z")):
        normalized = normalized[:-1] + "+00:00"
    elif re.search(r"[+-]\d{2}$", normalized):
        normalized += ":00"  # "+01" -> "+01:00"
    try:
        moment = datetime.fromisoformat(normalized)
    except ValueError as error:
        raise TimeFormatError(f"not a TIME: {text!r}") from error
    if moment.tzinfo is None:
        raise TimeFormatError(f"TIME without a timezone: {text!r}")
    return moment


def format_reltime(seconds: float) -> str:
    """A RELTIME with milliseconds, e.g. 959.999 -> `"0:15:59.999"` (the export's form)."""
    millis = round(abs(seconds) * 1000)
    whole, fraction = divmod(millis, 1000)
    hours, rest = divmod(whole, 3600)
    sign = "-" if seconds < 0 and millis else ""
    return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}.{fraction:03d}"


def format_time(moment: datetime) -> str:
    """A TIME in UTC with milliseconds, e.g. `"2025-03-02T09:30:00.000Z"`."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
