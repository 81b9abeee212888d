"""Structured logs: one JSON object per line, request fields included."""

from __future__ import annotations

import logging

import orjson

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
