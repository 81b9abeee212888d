"""Cross-field rules of a contest definition (DESIGN.md §4), beyond what its shape says.

They run on the raw data piece by piece, not on a validated model, so that one broken
part does not hide the problems of the others; each rule skips what it cannot read.
"""

from __future__ import annotations

from judging.domain.definition_problems import Problem
from judging.domain.definition_rules.aspects import aspect_rules
from judging.domain.definition_rules.contest import (
    duplicate_ids,
    non_finite,
    penalties,
    ranking,
    timing,
)
from judging.domain.definition_rules.raw import Raw
from judging.domain.definition_rules.totals import totals

__all__ = ["cross_field_problems"]

_CHECKS = (non_finite, duplicate_ids, aspect_rules, totals, timing, ranking, penalties)


def cross_field_problems(data: Raw) -> list[Problem]:
    """Every cross-field problem of `data`, in a stable order."""
    return [problem for check in _CHECKS for problem in check(data)]
