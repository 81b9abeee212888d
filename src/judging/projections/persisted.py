"""The persisted projections the service runs and `judging rebuild` rebuilds.

`relevance(projection)` says which events a projection of ours can change its rows
for (None: any, as for a projection it does not know). The runner opens no write
transaction for a batch with none of them: each predicate is built from the very
constants the projection's `apply` tests first, so an event it says no to is one
`apply` returns on at once (replaying such an event after a restart is harmless).
"""

from __future__ import annotations

from collections.abc import Callable

from judging.domain import evaluation, mentoring
from judging.domain.standards import STANDARDS_STREAM
from judging.projections import catalog
from judging.projections import mentoring as mentoring_projection
from judging.projections.base import PersistedProjection
from judging.projections.catalog import CatalogProjection
from judging.projections.evaluations import EvaluationsProjection
from judging.projections.mentoring import MentoringProjection
from judging.projections.talent.projection import TalentProjection
from judging.store import EventStore, RecordedEvent

Relevance = Callable[[RecordedEvent], bool]

TALENT_TYPES = frozenset({"contest_finalized", "awards_published"})


def persisted_projections(store: EventStore) -> list[PersistedProjection]:
    return [
        TalentProjection(store),
        CatalogProjection(),
        MentoringProjection(),
        EvaluationsProjection(),
    ]


def _talent(event: RecordedEvent) -> bool:
    return event.type in TALENT_TYPES or event.stream_id == STANDARDS_STREAM


def _catalog(event: RecordedEvent) -> bool:
    return event.type in catalog.CHANGING_TYPES and event.stream_id.startswith(
        catalog.CONTEST_PREFIX
    )


def _mentoring(event: RecordedEvent) -> bool:
    return event.type in mentoring_projection.TYPES and event.stream_id.startswith(
        mentoring.STREAM_PREFIX
    )


def _evaluations(event: RecordedEvent) -> bool:
    return event.stream_id.startswith(evaluation.CAMPAIGN_PREFIX)


_RELEVANCE: dict[type, Relevance] = {
    TalentProjection: _talent,
    CatalogProjection: _catalog,
    MentoringProjection: _mentoring,
    EvaluationsProjection: _evaluations,
}


def relevance(projection: PersistedProjection) -> Relevance | None:
    """Which events can change `projection`'s rows; None: any (exact types only, so a
    subclass that changes `apply` is never filtered)."""
    return _RELEVANCE.get(type(projection))
