"""The rest of the demo, beside the main contest: a meet, training, mentoring, levels.

Everything goes through the public HTTP API with the organizer's token, as an
ordinary client would send it, and finishes in a few seconds:

- a meet (赛事) whose first event is the demo contest and whose second event,
  wiring, is run as a preliminary and a final (two small contests with `round`), the
  top four of the preliminary going on with `advance`; the final publishes awards;
- a training campaign rated through a few anonymous one-time links;
- a mentor programme with one pair (a master and the worker whose resume the demo
  links) and one assessment;
- a position standard with levels, granted by a short position assessment (a contest
  of kind `assessment`) that the same worker takes.

Marks are scripted from the contestants' abilities with the demo's seed, so a seed
always plays the same results.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from judging.demo.driver import Driver
from judging.demo.people import EMPLOYERS, Person
from judging.demo.scenario import command_id

log = logging.getLogger("judging.demo")

MEET = "demo-meet"
PRELIMINARY = "demo-wiring-pre"
FINAL = "demo-wiring-final"
CAMPAIGN = "demo-training"
PROGRAMME = "demo-mentoring"
STANDARD = "demo-electrician"
EXAM = "demo-exam"
ADVANCING = 4
ANSWERS = 5  # anonymous raters of the training (its report shows from 3)

TIERS = [
    {"id": "first", "name": "一等奖", "count": 1},
    {"id": "second", "name": "二等奖", "count": 1},
    {"id": "third", "name": "三等奖", "count": 1},
]
LEVELS = [
    {"id": "junior", "name": "初级工", "min_percent": 50},
    {"id": "middle", "name": "中级工", "min_percent": 70},
    {"id": "senior", "name": "高级工", "min_percent": 85},
]
EXAM_SKILLS = {"wiring": ("接线实操", "elec.wiring"), "theory": ("电工理论", "elec.theory")}


@dataclass(frozen=True)
class Cast:
    """Who takes part beyond the main contest (all from the main contest's roster)."""

    wiring: list[Person]  # the wiring event's preliminary: two per venue
    worker: Person  # the worker whose resume the demo links: apprentice, trainee
    mentor: Person  # a master from the same venue


def cast(people: list[Person], worker_id: str) -> Cast:
    by_venue: dict[str, list[Person]] = {}
    for person in people:
        by_venue.setdefault(person.venue, []).append(person)
    wiring = [person for group in by_venue.values() for person in group[:2]]
    worker = next(person for person in people if person.worker_id == worker_id)
    others = [p for p in by_venue[worker.venue] if p.id != worker.id]
    mentor = (others or [p for p in people if p.id != worker.id])[0]  # --per-venue 1
    return Cast(wiring, worker, mentor)


def units() -> list[dict[str, str]]:
    """The meet's units: every employer of the demo's contestants."""
    return [
        {"id": f"{venue}-{n}", "name": name}
        for venue, names in EMPLOYERS.items()
        for n, name in enumerate(names, start=1)
    ]


def meet_definition(main_contest: str, main_title: str) -> dict[str, Any]:
    return {
        "id": MEET,
        "title": "长三角电工技能运动会（演示）",
        "events": [
            {"id": "assembly", "title": main_title, "rounds": [main_contest]},
            {"id": "wiring", "title": "低压配电快速接线", "rounds": [PRELIMINARY, FINAL]},
        ],
        "units": units(),
    }


def round_definition(cid: str, order: int, **extra: Any) -> dict[str, Any]:
    aspect = {"id": "score", "name": "接线成绩", "type": "measurement", "unit": "分", "max": 100}
    return {
        "id": cid,
        "title": "低压配电快速接线 " + ("预赛" if order == 1 else "决赛"),
        "duration_minutes": 30,
        "round": {"event": "wiring", "order": order},
        "criteria": [
            {"id": "wiring", "name": "快速接线", "skill": "elec.wiring", "aspects": [aspect]}
        ],
        **extra,
    }


def exam_definition() -> dict[str, Any]:
    criteria = [
        {
            "id": cid,
            "name": name,
            "skill": skill,
            "aspects": [{"id": f"{cid}-mark", "name": name, "type": "measurement", "max": 50}],
        }
        for cid, (name, skill) in EXAM_SKILLS.items()
    ]
    return {
        "id": EXAM,
        "title": "电工岗位技能等级鉴定（演示）",
        "kind": "assessment",
        "duration_minutes": 90,
        "criteria": criteria,
    }


def standard_definition() -> dict[str, Any]:
    return {
        "id": STANDARD,
        "name": "电工（装配调试岗）",
        "required": {skill: 60 for _, skill in EXAM_SKILLS.values()},
        "levels": LEVELS,
    }


def campaign_definition(trainees: list[Person], now: datetime) -> dict[str, Any]:
    def aspect(aid: str, name: str) -> dict[str, Any]:
        return {"id": aid, "name": name, "max": 10, "scale": [1, 5]}

    return {
        "id": CAMPAIGN,
        "title": "PLC 调试进阶培训 课后评价",
        "kind": "training",
        "form": {
            "criteria": [
                {
                    "id": "teaching",
                    "name": "讲授",
                    "weight": 2,
                    "aspects": [aspect("clarity", "讲解清晰")],
                },
                {"id": "practice", "name": "实操", "aspects": [aspect("useful", "实操有用")]},
            ]
        },
        "subjects": [{"id": "trainer", "name": "周老师（培训讲师）", "kind": "trainer"}],
        "period": {
            "start": (now - timedelta(days=1)).isoformat(),
            "end": (now + timedelta(days=7)).isoformat(),
        },
        "raters": "anonymous",
        "participants": [p.worker_id for p in trainees if p.worker_id],
    }


def programme_definition() -> dict[str, Any]:
    return {
        "id": PROGRAMME,
        "title": "电工师带徒（演示）",
        "organization": "温州电力安装公司",
        "weights": {"kpi": 2, "improvement": 1, "attitude": 1},
        "periods": [{"id": "q1", "name": "第一季度"}, {"id": "q2", "name": "第二季度"}],
    }


def person_json(person: Person) -> dict[str, Any]:
    return {"worker_id": person.worker_id, "name": person.name, "organization": person.organization}


def roster(people: list[Person]) -> list[dict[str, Any]]:
    fields = ("id", "name", "organization", "team", "worker_id")
    return [{name: getattr(person, name) for name in fields} for person in people]


def wiring_marks(rng: random.Random, people: list[Person]) -> dict[str, float]:
    return {
        p.id: round(min(100.0, max(20.0, rng.gauss(40 + 55 * p.ability, 6))), 1) for p in people
    }


def command(rng: random.Random, kind: str, **fields: Any) -> dict[str, Any]:
    return {"command_id": command_id(rng), "type": kind, **fields}


class Showcase:
    """Plays the meet, training, mentoring and levels through a driver's client."""

    def __init__(self, driver: Driver, rng: random.Random, people: list[Person], worker_id: str):
        self.driver = driver
        self.rng = rng
        self.cast = cast(people, worker_id)

    async def commands(self, cid: str, actor: str, *bodies: dict[str, Any]) -> None:
        body = await self.driver.post(f"/api/contests/{cid}/commands", actor, json=list(bodies))
        for result in body["results"]:
            if result["status"] == "rejected":
                self.driver.rejected += 1
                log.warning("demo command rejected in %s: %s", cid, result.get("error"))

    async def contest(self, definition: dict[str, Any], people: list[Person]) -> str:
        """Creates a contest with its roster and one referee; that referee's actor name."""
        cid = definition["id"]
        await self.driver.post("/api/contests", "organizer", json=definition)
        if people:
            await self.driver.post(
                f"/api/contests/{cid}/contestants", "organizer", json=roster(people)
            )
        referee = {"id": "r-1", "name": "裁判员", "role": "referee"}
        issued = await self.driver.post(
            f"/api/contests/{cid}/referees", "organizer", json=[referee]
        )
        actor = f"{cid}/r-1"
        self.driver.tokens[actor] = issued[0]["token"]
        return actor

    async def run(self, cid: str, referee: str, marks: dict[str, dict[str, float]]) -> None:
        """Start, the referee's marks (contestant -> aspect -> value), end, finalize."""
        rng = self.rng
        await self.commands(cid, "organizer", command(rng, "start"))
        await self.commands(
            cid,
            referee,
            *(
                command(rng, "award_mark", contestant_id=who, aspect_id=aspect, value=value)
                for who, values in marks.items()
                for aspect, value in values.items()
            ),
        )
        await self.commands(cid, "organizer", command(rng, "end"), command(rng, "finalize"))

    async def meet(self, main_contest: str, main_title: str) -> None:
        """The meet, then its wiring event: preliminary, advance, final with awards."""
        await self.driver.post(
            "/api/meets", "organizer", json=meet_definition(main_contest, main_title)
        )
        entrants = self.cast.wiring
        pre = await self.contest(
            round_definition(PRELIMINARY, 1, advancement={"top": ADVANCING}), entrants
        )
        final = await self.contest(round_definition(FINAL, 2, awards=TIERS), [])
        scores = wiring_marks(self.rng, entrants)
        await self.run(PRELIMINARY, pre, {who: {"score": v} for who, v in scores.items()})
        await self.commands(PRELIMINARY, "organizer", command(self.rng, "advance", to=FINAL))
        detail = await self.driver.get(f"/api/contests/{FINAL}", "organizer")
        finalists = [p for p in entrants if p.id in {c["id"] for c in detail["contestants"]}]
        scores = wiring_marks(self.rng, finalists)
        await self.run(FINAL, final, {who: {"score": v} for who, v in scores.items()})

    async def training(self, now: datetime) -> None:
        trainees = [self.cast.worker, *self.cast.wiring[:ANSWERS]]
        trainees = list({p.id: p for p in trainees}.values())
        await self.driver.post(
            "/api/campaigns", "organizer", json=campaign_definition(trainees, now)
        )
        issued = await self.driver.post(
            f"/api/campaigns/{CAMPAIGN}/links", "organizer", json={"count": ANSWERS}
        )
        for link in issued["links"]:
            answer = {
                "link": link["token"],
                "subject_id": "trainer",
                "values": {"clarity": self.rng.randint(3, 5), "useful": self.rng.randint(3, 5)},
                "command_id": command_id(self.rng),
            }
            sent = await self.driver.client.post(f"/api/campaigns/{CAMPAIGN}/answers", json=answer)
            sent.raise_for_status()

    async def mentoring(self, now: datetime) -> None:
        url = f"/api/programmes/{PROGRAMME}"
        await self.driver.post("/api/programmes", "organizer", json=programme_definition())
        start = (now - timedelta(days=90)).date().isoformat()
        pair = {
            "mentor": person_json(self.cast.mentor),
            "apprentice": person_json(self.cast.worker),
            "start": start,
            "goals": ["独立完成配电柜接线", "取得中级工等级"],
        }
        formed = await self.driver.post(f"{url}/pairs", "organizer", json=pair)
        pair_url = f"{url}/pairs/{formed['id']}"
        await self.driver.post(f"{pair_url}/agreement", "organizer", json={"signed_on": start})
        scores = {"period": "q1", "kpi": 82, "improvement": 88, "attitude": 95}
        await self.driver.post(f"{pair_url}/assessments", "organizer", json=scores)

    async def levels(self) -> None:
        """The standard, then the position assessment that grants its levels."""
        await self.driver.post("/api/standards", "organizer", json=standard_definition())
        candidates = [self.cast.worker, self.cast.mentor, *self.cast.wiring[2:4]]
        candidates = list({p.id: p for p in candidates}.values())
        referee = await self.contest(exam_definition(), candidates)
        marks = {
            p.id: {
                f"{cid}-mark": float(
                    min(50, max(15, round(self.rng.gauss(20 + 30 * p.ability, 3))))
                )
                for cid in EXAM_SKILLS
            }
            for p in candidates
        }
        marks[self.cast.worker.id] = {"wiring-mark": 44.0, "theory-mark": 37.0}  # 高级, 中级
        await self.run(EXAM, referee, marks)

    async def play(self, main_contest: str, main_title: str) -> None:
        now = datetime.now(UTC)
        await self.meet(main_contest, main_title)
        await self.training(now)
        await self.mentoring(now)
        await self.levels()
