"""The demo's meet, rounds, training, mentoring and levels: every definition it sends
is one the domain accepts, and the links and award lines it prints."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from judging.demo import showcase
from judging.demo.driver import definition_text
from judging.demo.people import contestants
from judging.demo.session import award_lines, showcase_paths
from judging.domain.evaluation import CampaignDefinition
from judging.domain.meet import MeetDefinition
from judging.domain.mentoring import DefineProgramme
from judging.domain.standards import DefineStandard
from judging.domain.validation import parse_definition, validate_definition

PEOPLE = contestants(random.Random(7), 3)


def test_the_demo_contest_publishes_four_award_tiers() -> None:
    definition = parse_definition(definition_text("demo-elec"), "application/yaml")
    assert [tier.name for tier in definition.awards] == ["一等奖", "二等奖", "三等奖", "优秀奖"]


def test_the_meet_holds_the_demo_contest_and_a_preliminary_and_final() -> None:
    meet = MeetDefinition.model_validate(showcase.meet_definition("demo-elec", "主赛"))
    assert meet.contest_ids == ["demo-elec", showcase.PRELIMINARY, showcase.FINAL]
    employers = {person.organization for person in PEOPLE}
    assert employers <= {unit.name for unit in meet.units}


def test_the_rounds_and_the_exam_are_valid_contests() -> None:
    pre = validate_definition(
        showcase.round_definition(showcase.PRELIMINARY, 1, advancement={"top": 4})
    )
    final = validate_definition(showcase.round_definition(showcase.FINAL, 2, awards=showcase.TIERS))
    assert pre.round is not None and final.round is not None
    assert (pre.round.event, pre.round.order, final.round.order) == ("wiring", 1, 2)
    assert pre.advancement is not None and len(final.awards) == 3
    exam = validate_definition(showcase.exam_definition())
    assert exam.kind == "assessment"
    skills = {criterion.skill for criterion in exam.criteria}
    assert skills == set(showcase.standard_definition()["required"])


def test_the_campaign_programme_and_standard_are_valid() -> None:
    cast = showcase.cast(PEOPLE, "W-WZ-001")
    assert cast.worker.worker_id == "W-WZ-001" and cast.mentor.venue == cast.worker.venue
    assert cast.mentor != cast.worker and len(cast.wiring) == 8
    campaign = CampaignDefinition.model_validate(
        showcase.campaign_definition([cast.worker], datetime.now(UTC))
    )
    assert campaign.participants == ["W-WZ-001"]
    assert campaign.period.holds(datetime.now(UTC))
    DefineProgramme.model_validate({"command_id": "c", **showcase.programme_definition()})
    standard = DefineStandard.model_validate({"command_id": "c", **showcase.standard_definition()})
    assert [level.name for level in standard.levels] == ["初级工", "中级工", "高级工"]


def test_one_contestant_per_venue_still_has_a_mentor_and_a_field() -> None:
    cast = showcase.cast(contestants(random.Random(7), 1), "W-WZ-001")
    assert cast.mentor.worker_id != "W-WZ-001" and len(cast.wiring) == 4


def test_scripted_marks_are_the_same_for_a_seed() -> None:
    first = showcase.wiring_marks(random.Random(1), PEOPLE)
    assert first == showcase.wiring_marks(random.Random(1), PEOPLE)
    assert all(20 <= mark <= 100 for mark in first.values())


def test_the_printed_links_and_award_lines() -> None:
    paths = dict(showcase_paths({"organizer": "org"}))
    assert paths["Meet (unit table)"] == "/meets/demo-meet"
    assert paths["Mentor programme"] == "/programmes#token=org"
    award = {
        "award_name": "一等奖",
        "rank": 1,
        "name": "王伟",
        "organization": "某厂",
        "code": "9-1-ABC-X",
    }
    lines = award_lines("http://h", "demo-elec", [award] * 12)
    assert lines[0] == "Awards published (12 一等奖):"
    assert "  ... and 2 more" in lines
    assert lines[-1].endswith("http://h/verify/9-1-ABC-X")
    assert any(line.endswith("http://h/certificates/demo-elec") for line in lines)
    assert award_lines("http://h", "c", [])[0] == "Awards published (none):"
