"""The persisted projections the service runs and `judging rebuild` rebuilds."""

from __future__ import annotations

from judging.store import EventStore
from projections.base import PersistedProjection
from projections.talent.projection import TalentProjection


def persisted_projections(store: EventStore) -> list[PersistedProjection]:
    return [TalentProjection(store)]
