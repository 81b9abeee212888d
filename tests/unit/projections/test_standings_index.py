"""The ranked index agrees with a naive sort-and-count at every step."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from judging.projections.standings_index import RankIndex, RankStyle

ids = st.sampled_from([f"c{i}" for i in range(12)])
keys = st.tuples(st.integers(0, 3), st.integers(0, 2))
ops = st.lists(st.tuples(ids, st.none() | keys), max_size=60)


def naive(entries: dict[str, tuple[int, int]], style: RankStyle) -> list[tuple[int, str]]:
    ordered = sorted(entries, key=lambda cid: (entries[cid], cid))
    distinct = sorted(set(entries.values()))
    values = list(entries.values())
    return [
        (
            1 + distinct.index(entries[cid])
            if style == "dense"
            else 1 + sum(v < entries[cid] for v in values),
            cid,
        )
        for cid in ordered
    ]


@settings(deadline=None)
@given(ops, st.sampled_from(["standard", "dense"]))
def test_index_matches_naive_ranking(operations: list, style: RankStyle) -> None:
    index = RankIndex(style)
    model: dict[str, tuple[int, int]] = {}
    for contestant_id, key in operations:
        if key is None:
            index.remove(contestant_id)
            model.pop(contestant_id, None)
        else:
            index.put(contestant_id, key, (contestant_id,))
            model[contestant_id] = key
        expected = naive(model, style)
        assert list(index.ranked()) == expected
        assert [(index.rank(cid), cid) for cid in index.ids()] == expected
        assert len(index) == len(model)


def test_put_reports_no_change() -> None:
    index = RankIndex()
    assert index.put("a", (1,))
    assert not index.put("a", (1,))
    assert index.put("a", (0,))
