"""Shape problems: pydantic's errors as paths, plain codes and messages an organizer understands."""

from __future__ import annotations

from definition_data import base, codes_at, problems

from judging.domain.validation import loc_path


def test_loc_path_drops_union_tags() -> None:
    loc = ("criteria", 2, "aspects", 0, "measurement", "rule", "tiers", "tiers", 1, "mark")
    assert loc_path(loc) == "criteria[2].aspects[0].rule.tiers[1].mark"
    assert (
        loc_path(("criteria", 0, "aspects", 1, "judgement", "max")) == "criteria[0].aspects[1].max"
    )


def test_field_problems_have_paths_and_plain_codes() -> None:
    data = base()
    data["criteria"][0]["aspects"][0]["max"] = -1
    data["criteria"][0]["aspects"][1]["rule"]["tiers"][1]["mark"] = -2
    data["venues"][1]["id"] = "南京 venue"
    data["colour"] = "red"
    del data["title"]
    found = codes_at(data)
    assert ("criteria[0].aspects[0].max", "out_of_range") in found
    assert ("criteria[0].aspects[1].rule.tiers[1].mark", "out_of_range") in found
    assert ("venues[1].id", "invalid_id") in found
    assert ("colour", "unknown_field") in found
    assert ("title", "missing") in found


def test_unknown_tags_are_named() -> None:
    data = base()
    data["criteria"][0]["aspects"][0]["type"] = "guess"
    data["criteria"][0]["aspects"][1]["rule"]["kind"] = "curve"
    found = problems(data)
    assert {(p.path, p.code) for p in found} == {
        ("criteria[0].aspects[0]", "invalid_choice"),
        ("criteria[0].aspects[1].rule", "invalid_choice"),
    }
    assert "guess" in found[0].message


def test_rule_without_kind() -> None:
    data = base()
    del data["criteria"][0]["aspects"][1]["rule"]["kind"]
    assert codes_at(data) == {("criteria[0].aspects[1].rule", "missing")}


def test_text_fields_given_numbers_get_a_quoting_hint() -> None:
    data = base()
    data["venues"][0]["id"] = 12
    [problem] = problems(data)
    assert problem.code == "invalid_type"
    assert "quote" in problem.message


def test_items_that_are_not_mappings() -> None:
    found = problems({**base(), "criteria": [None, {"id": "c", "name": "C", "aspects": [3]}]})
    assert {(p.path, p.code) for p in found} >= {
        ("criteria[0]", "invalid_type"),
        ("criteria[1].aspects[0]", "invalid_type"),
    }
    assert all("mapping" in p.message for p in found if p.code == "invalid_type")
