"""Structured logs: one JSON object per line, request fields included."""

from __future__ import annotations

import logging

import orjson
import pytest

from judging.http.access_log import JsonFormatter, configure_logging


def test_a_record_is_one_json_line_with_the_request_fields() -> None:
    record = logging.LogRecord("judging.access", logging.INFO, __file__, 1, "GET %s", ("/x",), None)
    record.request_id, record.status, record.duration_ms = "abc", 200, 1.5
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert orjson.loads(line) | {"time": None} == {
        "time": None,
        "level": "info",
        "logger": "judging.access",
        "message": "GET /x",
        "request_id": "abc",
        "status": 200,
        "duration_ms": 1.5,
    }


def test_configuring_twice_keeps_one_handler() -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    try:
        configure_logging("warning")
        configure_logging("info")
        ours = [h for h in root.handlers if isinstance(h.formatter, JsonFormatter)]
        assert len(ours) == 1
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
        root.setLevel(level)


def test_a_token_in_a_logged_url_is_redacted_in_every_logger(
    caplog: pytest.LogCaptureFixture,
) -> None:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    try:
        configure_logging("info")
        with caplog.at_level(logging.INFO):
            logging.getLogger("uvicorn.error").info(
                '%s - "WebSocket %s" [accepted]',
                "127.0.0.1:50000",
                "/ws/contests/c/standings?view=live&token=s3cr3t-Tok_en&since=4",
            )
            logging.getLogger("uvicorn.access").info(
                '%s - "%s %s HTTP/%s" %d', "127.0.0.1:1", "GET", "/x?TOKEN=abc", "1.1", 200
            )
            logging.getLogger("judging").warning("bad token=%s", "zzz")
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
        root.setLevel(level)
    text = caplog.text
    assert "s3cr3t" not in text and "abc" not in text and "zzz" not in text
    assert "token=[redacted]&since=4" in text
    assert 'GET /x?TOKEN=[redacted] HTTP/1.1" 200' in text


def test_a_feed_resume_token_is_no_secret() -> None:
    from judging.http.access_log import redact

    assert redact("GET /api/contests/c/event-feed?since_token=aaaq") == (
        "GET /api/contests/c/event-feed?since_token=aaaq"
    )
