"""Awards as published results, and the check of a verification code.

`GET /api/contests/{cid}/awards` is the awards of the contest's latest publication
(`awards_published`, appended by `finalize`), public to anyone once the contest is
finalized: `[{contestant_id, award_id, rank, ...}]` in the order published (best
first), each with its contestant's name and organization, its tier's name, its
verification code, the log position and hash of the event it comes from, and `holds`:
whether that event still matches its hash (the check `/api/verify` makes). Before
the contest is finalized (or after a re-open) it is a 409 `not_finalized` for
everyone, organizers included: awards exist only as part of the official result. A
finalized contest whose definition has no awards answers `[]`.

`GET /api/verify/{code}` checks a code against the hash-chained log
(`judging.application.awards.prove`: two events read by position, no table): a
malformed code or a wrong check character is a 400 `verification_code_invalid`; a
position past the log, or holding another kind of event whose hash the code does not
match, a 404 `verification_code_unknown` (nothing is said of other events); otherwise
200 with `holds` and, when it does not, `reason`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from judging.application.awards import (
    InvalidCode,
    Proof,
    Publication,
    UnknownCode,
    decode,
    latest_publication,
    prove,
    publication_holds,
)
from judging.domain.state import ContestState
from judging.http.deps import Contests, CurrentPrincipal, Store, known_contest
from judging.http.errors import ProblemError

router = APIRouter(tags=["awards"])


@router.get("/contests/{cid}/awards")
async def contest_awards(
    cid: str, contests: Contests, store: Store, _: CurrentPrincipal
) -> list[dict[str, Any]]:
    """The published awards of a finalized contest, best first, each with its code."""
    await known_contest(contests, cid)
    cached = await contests.refreshed(cid)
    if cached is None or cached.state is None or not cached.finalized:
        raise ProblemError(
            409, "not_finalized", f"contest {cid!r} is not finalized: its awards are not official"
        )
    publication = await latest_publication(store, cached)
    if publication is None:
        return []
    holds = await publication_holds(store, publication)
    return [
        award_json(cached.state, publication, index, award, holds)
        for index, award in enumerate(publication.awards, start=1)
    ]


def award_json(
    state: ContestState,
    publication: Publication,
    index: int,
    award: dict[str, Any],
    holds: bool,
) -> dict[str, Any]:
    return {
        "contestant_id": award.get("contestant_id"),
        "award_id": award.get("award_id"),
        "rank": award.get("rank"),
        **_names(state, award),
        "code": publication.code(index),
        "position": publication.position,
        "hash": publication.hash,
        "holds": holds,  # the event still matches its hash (as /api/verify checks)
    }


def _names(state: ContestState | None, award: dict[str, Any]) -> dict[str, Any]:
    """The award's tier name and its contestant's name, organization and team."""
    if state is None:
        return {"award_name": None, "name": None, "organization": None, "team": None}
    tiers = {tier.id: tier.name for tier in state.definition.awards}
    entry = state.contestants.get(str(award.get("contestant_id")))
    who = entry.contestant if entry is not None else None
    return {
        "award_name": tiers.get(str(award.get("award_id"))),
        "name": who.name if who else None,
        "organization": who.organization if who else None,
        "team": who.team if who else None,
    }


@router.get("/verify/{code}")
async def verify_code(
    code: str, contests: Contests, store: Store, _: CurrentPrincipal
) -> dict[str, Any]:
    """The award a code names, the log position that proves it, and whether it holds."""
    try:
        proof = await prove(store, decode(code))
    except InvalidCode as error:
        raise ProblemError(400, error.code, str(error)) from None
    except UnknownCode as error:
        raise ProblemError(404, error.code, str(error)) from None
    cached = await contests.get(proof.contest_id) if proof.contest_id else None
    state = cached.state if cached is not None else None
    latest = await latest_publication(store, cached) if cached is not None else None
    return proof_json(proof, state, superseded=latest is None or latest.position != proof.position)


def proof_json(proof: Proof, state: ContestState | None, *, superseded: bool) -> dict[str, Any]:
    award = None
    if proof.award is not None:
        names = _names(state, proof.award)
        award = {
            "contestant_id": proof.award.get("contestant_id"),
            "award_id": proof.award.get("award_id"),
            "rank": proof.award.get("rank"),
            "award_name": names["award_name"],
        }
        contestant = {
            "id": proof.award.get("contestant_id"),
            **{key: names[key] for key in ("name", "organization", "team")},
        }
    contest = None
    if proof.contest_id is not None:
        title = state.definition.title if state is not None else None
        contest = {"id": proof.contest_id, "title": title}
    return {
        "code": proof.code,
        "holds": proof.holds,
        "reason": proof.reason,
        "superseded": superseded,
        "contest": contest,
        "award": award,
        "contestant": contestant if award is not None else None,
        "position": proof.position,
        "index": proof.index,
        "event_type": proof.event_type,
        "stored_hash": proof.stored_hash,
        "computed_hash": proof.computed_hash,
        "prev_hash": proof.prev_hash,
    }
