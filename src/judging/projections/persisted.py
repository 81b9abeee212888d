"""The persisted projections the service runs and `judging rebuild` rebuilds."""

from __future__ import annotations

from judging.projections.base import PersistedProjection
from judging.projections.catalog import CatalogProjection
from judging.projections.evaluations import EvaluationsProjection
from judging.projections.mentoring import MentoringProjection
from judging.projections.talent.projection import TalentProjection
from judging.store import EventStore


def persisted_projections(store: EventStore) -> list[PersistedProjection]:
    return [
        TalentProjection(store),
        CatalogProjection(),
        MentoringProjection(),
        EvaluationsProjection(),
    ]
