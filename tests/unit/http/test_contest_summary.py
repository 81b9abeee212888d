"""The index page's list answers summary docs built without models: the same JSON."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from judging.http.schemas import ContestSummary
from judging.projections.catalog import CatalogEntry

times = st.none() | st.datetimes().map(lambda t: t.isoformat())
entries = st.builds(
    CatalogEntry,
    contest_id=st.text(min_size=1, max_size=12),
    title=st.text(max_size=30),
    kind=st.sampled_from(["competition", "assessment"]),
    venues=st.lists(st.fixed_dictionaries({"id": st.text(max_size=6), "name": st.text()})),
    contestants=st.integers(0, 5000),
    lifecycle=st.fixed_dictionaries(
        {k: times for k in ("started", "frozen", "ended", "thawed", "finalized")}
    ),
    defined_position=st.integers(1, 10**9),
    updated_position=st.integers(1, 10**9),
)


@given(entries)
def test_a_summary_doc_is_what_the_model_writes(entry: CatalogEntry) -> None:
    doc = ContestSummary.doc(entry)
    assert ContestSummary.model_validate(doc).model_dump(mode="json") == doc


def test_a_venue_keeps_only_its_id_and_name() -> None:
    steps = ("started", "frozen", "ended", "thawed", "finalized")
    lifecycle = dict.fromkeys(steps)
    venues = [{"id": "wz", "name": "温州", "seats": "40"}]
    entry = CatalogEntry("c", "t", "competition", venues, 3, lifecycle, 1, 1)  # type: ignore[arg-type]
    assert ContestSummary.doc(entry)["venues"] == [{"id": "wz", "name": "温州"}]
