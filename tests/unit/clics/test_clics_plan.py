from uuid import uuid4

import pytest
from test_clics_importer import small_feed

from judging.clics.importer import import_feed
from judging.clics.plan import ContestExists, plan_import
from judging.clics.reader import read_feed


def test_first_import_appends_everything_in_batches() -> None:
    result = import_feed(read_feed(small_feed()))
    plan = plan_import(result, [], batch_size=3)
    assert plan.expected_version == 0
    assert [len(b) for b in plan.batches] == [3, 3, 3]
    flat = [p for batch in plan.batches for p in batch]
    assert [p.event_id for p in flat] == result.event_ids
    assert flat[0].type == "contest_defined" and "type" not in flat[0].data


def test_reimport_is_idempotent_and_resumes() -> None:
    result = import_feed(read_feed(small_feed()))
    assert plan_import(result, result.event_ids).batches == []
    resumed = plan_import(result, result.event_ids[:4])
    assert resumed.expected_version == 4
    assert [p.event_id for p in resumed.batches[0]] == result.event_ids[4:]


def test_another_contest_with_the_same_id_is_refused() -> None:
    result = import_feed(read_feed(small_feed()))
    with pytest.raises(ContestExists, match="--id"):
        plan_import(result, [uuid4()])
