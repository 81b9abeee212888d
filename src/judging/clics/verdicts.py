"""Which judgement of a submission counts, and what it means for the scoreboard.

A submission may have several judgements (rejudgings). Judgements still running
(`judgement_type_id` null) do not count, nor do those marked `valid: false` or
`current: false` (fields some CCSs add for rejudgings). Of the rest, the one whose
latest notification comes last in the feed is the submission's verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

from judging.clics.reader import Feed, JsonObject


@dataclass(frozen=True, slots=True)
class Verdict:
    judgement_type_id: str
    solved: bool
    penalty: bool


def verdicts(feed: Feed) -> dict[str, Verdict]:
    """The counting verdict of every judged submission, by submission id."""
    types = feed.of("judgement-types")
    latest: dict[str, tuple[int, str]] = {}
    for judgement_id, judgement in feed.of("judgements").items():
        if not _counts(judgement):
            continue
        line = feed.line_of("judgements", judgement_id)
        submission_id = str(judgement.get("submission_id"))
        if submission_id not in latest or latest[submission_id][0] < line:
            latest[submission_id] = (line, str(judgement["judgement_type_id"]))
    return {sid: _verdict(type_id, types) for sid, (_, type_id) in latest.items()}


def _counts(judgement: JsonObject) -> bool:
    return (
        judgement.get("judgement_type_id") is not None
        and judgement.get("valid") is not False
        and judgement.get("current") is not False
    )


def _verdict(type_id: str, types: dict[str, JsonObject]) -> Verdict:
    """A judgement type's flags; an undeclared type is judged by its usual CLICS meaning."""
    declared = types.get(type_id)
    if declared is not None:
        solved = bool(declared.get("solved", False))
        return Verdict(type_id, solved, bool(declared.get("penalty", not solved)))
    solved = type_id == "AC"
    return Verdict(type_id, solved, not solved and type_id != "CE")
