"""The index page's list answers summary docs built without models: the same JSON."""

from __future__ import annotations

import json

import orjson
from hypothesis import given
from hypothesis import strategies as st

from judging.http.schemas import ContestSummary
from judging.projections.catalog import SummaryRow

times = st.none() | st.datetimes().map(lambda t: t.isoformat())
venues = st.lists(st.fixed_dictionaries({"id": st.text(max_size=6), "name": st.text()}))
rows = st.builds(
    SummaryRow,
    contest_id=st.text(min_size=1, max_size=12),
    title=st.text(max_size=30),
    kind=st.sampled_from(["competition", "assessment"]),
    # as SQLAlchemy stores a JSON column: the standard library's text, ASCII escapes
    venues_json=venues.map(json.dumps),
    contestants=st.integers(0, 5000),
    started=times,
    frozen=times,
    ended=times,
    thawed=times,
    finalized=times,
)


@given(rows)
def test_a_summary_doc_says_what_the_model_writes(row: SummaryRow) -> None:
    written = orjson.loads(orjson.dumps(ContestSummary.doc(row)))
    model = ContestSummary.model_validate(written)
    assert model.model_dump(mode="json") == written
    assert written["venues"] == json.loads(row.venues_json)
    assert written["state"]["frozen"] == row.frozen
