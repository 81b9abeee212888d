"""The demo prints a link to every page, tablets and the chief's desk signed in."""

from __future__ import annotations

from judging.demo.driver import DemoContest
from judging.demo.session import page_paths
from judging.settings import Settings


def test_every_page_is_linked_with_its_token() -> None:
    contest = DemoContest("demo-elec", "screen-token", [])
    tokens = {"organizer": "org", "r-wz-1": "ref", "chief-wz": "chief"}
    paths = dict(page_paths(contest, tokens))
    assert paths["Referee tablet"] == "/referee/demo-elec#token=ref"
    assert paths["Chief's desk"] == "/chief/demo-elec#token=chief"
    assert paths["Organizer console"] == "/console?contest=demo-elec#token=org"
    assert paths["Big screen"] == "/screen/demo-elec#token=screen-token"
    assert {"Spectators", "Skill resume", "Leaderboard", "API docs"} <= set(paths)


def test_links_use_the_public_base_url_when_set() -> None:
    assert Settings(public_base_url="http://10.0.0.5:8000/").base_url("0.0.0.0", 9) == (
        "http://10.0.0.5:8000"
    )
    assert Settings().base_url("0.0.0.0", 8123) == "http://127.0.0.1:8123"
    assert Settings().base_url("::1", 8123) == "http://[::1]:8123"
