"""The demo's cast: contestants and referees with plausible names and employers."""

from __future__ import annotations

import random
from dataclasses import dataclass

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜敏静强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红斌波鹏辉丽峰"

EMPLOYERS: dict[str, list[str]] = {
    "wz": ["温州电力安装公司", "瑞安电气制造厂", "乐清开关有限公司"],
    "nj": ["南京汽轮电机厂", "江宁智能装备公司", "六合供电服务中心"],
    "hf": ["合肥重工电气公司", "肥西自动化设备厂", "巢湖电力检修公司"],
    "sz": ["苏州精密机电公司", "昆山电子装配厂", "吴江电缆有限公司"],
}
WORKSHOPS = ["装配一车间", "装配二车间", "维修车间", "调试车间"]


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    venue: str
    organization: str
    team: str | None = None
    workshop: str | None = None
    worker_id: str | None = None
    ability: float = 0.7  # 0..1: how well this contestant does


def chinese_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    return rng.choice(SURNAMES) + given


def contestants(rng: random.Random, per_venue: int) -> list[Person]:
    people: list[Person] = []
    for venue, employers in EMPLOYERS.items():
        for n in range(1, per_venue + 1):
            employer = employers[n % len(employers)]
            people.append(
                Person(
                    id=f"{venue}-{n:02d}",
                    name=chinese_name(rng),
                    venue=venue,
                    organization=employer,
                    team=f"{employer}代表队",
                    workshop=rng.choice(WORKSHOPS),
                    worker_id=f"W-{venue.upper()}-{n:03d}",
                    ability=round(rng.uniform(0.45, 0.97), 3),
                )
            )
    return people


def referees(rng: random.Random, panel_size: int = 3) -> list[dict[str, object]]:
    """Per venue a panel of referees and one chief referee, none from a contestant's employer."""
    roster: list[dict[str, object]] = []
    for venue in EMPLOYERS:
        for n in range(1, panel_size + 1):
            roster.append(
                {
                    "id": f"r-{venue}-{n}",
                    "name": f"{chinese_name(rng)}（裁判）",
                    "role": "referee",
                    "organization": f"赛事裁判组·{venue}",
                    "venues": [venue],
                }
            )
        roster.append(
            {
                "id": f"chief-{venue}",
                "name": f"{chinese_name(rng)}（裁判长）",
                "role": "chief",
                "organization": f"赛事裁判组·{venue}",
                "venues": [venue],
            }
        )
    return roster
