from datetime import UTC, datetime, timedelta, timezone

import pytest

from judging.clics.reltime import TimeFormatError, parse_minutes, parse_reltime, parse_time


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("0:00:00", 0.0),
        ("1:22:05.034", 4925.034),
        ("-0:15:32.457", -932.457),
        ("123:00:01", 442801.0),
        ("0:04:48.1", 288.1),
        ("5:00:00.000", 18000.0),
    ],
)
def test_reltime(text: str, seconds: float) -> None:
    assert parse_reltime(text) == pytest.approx(seconds)


@pytest.mark.parametrize(
    "text", ["", "1:2:3", "0:60:00", "1:00", "x:00:00", "1:00:00.", "+1:00:00"]
)
def test_reltime_rejects(text: str) -> None:
    with pytest.raises(TimeFormatError):
        parse_reltime(text)


def test_penalty_time_as_minutes_or_reltime() -> None:
    assert parse_minutes(20) == 20.0
    assert parse_minutes("0:20:00.000") == 20.0
    assert parse_minutes("0:00:30") == 0.5
    with pytest.raises(TimeFormatError):
        parse_minutes(True)
    with pytest.raises(TimeFormatError):
        parse_minutes(None)


def test_time_with_zones() -> None:
    assert parse_time("2025-03-02T09:30:00.000Z") == datetime(2025, 3, 2, 9, 30, tzinfo=UTC)
    plus_one = timezone(timedelta(hours=1))
    assert parse_time("2014-06-25T11:22:05.034+01") == datetime(
        2014, 6, 25, 11, 22, 5, 34000, tzinfo=plus_one
    )
    assert parse_time("2023-02-19T09:15:00.000+01:00").utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize("text", ["2025-03-02T09:30:00", "yesterday"])
def test_time_rejects(text: str) -> None:
    with pytest.raises(TimeFormatError):
        parse_time(text)
