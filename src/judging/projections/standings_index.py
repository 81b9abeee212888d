"""An incrementally maintained ranked index of contestants by sort key.

`RankIndex` keeps every contestant's current sort key (smaller is better; equal keys
share a rank) in a `SortedList`, so putting, moving or removing one contestant costs
O(log n) and finding its rank is a bisect:

- standard ("1224"): 1 + the number of entries with a strictly better key;
- dense ("1223"): 1 + the number of *distinct* strictly better keys, counted in a
  second `SortedList` of distinct keys with a reference count per key.

Within equal keys, entries are listed by `order` (e.g. name, then id): display order
only, never rank.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any, Literal

from sortedcontainers import SortedList

SortKey = tuple[Any, ...]
RankStyle = Literal["standard", "dense"]
Entry = tuple[SortKey, tuple[Any, ...], str]


class RankIndex:
    """Contestant id -> sort key, ordered; rank and position by bisect."""

    def __init__(self, style: RankStyle = "standard") -> None:
        self.style: RankStyle = style
        self._entries: SortedList[Entry] = SortedList()
        self._by_id: dict[str, Entry] = {}
        self._distinct: SortedList[SortKey] = SortedList()
        self._counts: dict[Hashable, int] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, contestant_id: str) -> bool:
        return contestant_id in self._by_id

    def put(self, contestant_id: str, key: SortKey, order: tuple[Any, ...] = ()) -> bool:
        """Insert or move a contestant; returns False when nothing changed."""
        entry: Entry = (key, order, contestant_id)
        old = self._by_id.get(contestant_id)
        if old == entry:
            return False
        if old is not None:
            self._drop(old)
        self._entries.add(entry)
        self._by_id[contestant_id] = entry
        self._count(key, +1)
        return True

    def remove(self, contestant_id: str) -> None:
        old = self._by_id.pop(contestant_id, None)
        if old is not None:
            self._drop(old)

    def key_of(self, contestant_id: str) -> SortKey:
        return self._by_id[contestant_id][0]

    def rank_of_key(self, key: SortKey) -> int:
        """The rank an entry with this key has (or would have) on the board."""
        if self.style == "dense":
            return 1 + self._distinct.bisect_left(key)
        return 1 + self._entries.bisect_left((key, (), ""))  # sorts before any entry of key

    def rank(self, contestant_id: str) -> int:
        return self.rank_of_key(self.key_of(contestant_id))

    def ids(self) -> Iterator[str]:
        """Contestant ids, best first."""
        return (entry[2] for entry in self._entries)

    def worst_first(self) -> Iterator[str]:
        """Contestant ids, worst first."""
        return (entry[2] for entry in reversed(self._entries))

    def ranked(self) -> Iterator[tuple[int, str]]:
        """(rank, contestant id), best first, in one pass (O(n))."""
        rank = 0
        distinct = 0
        previous: SortKey | None = None
        for seen, (key, _, contestant_id) in enumerate(self._entries):
            if previous is None or key != previous:
                distinct += 1
                rank = distinct if self.style == "dense" else seen + 1
                previous = key
            yield rank, contestant_id

    def _drop(self, entry: Entry) -> None:
        self._entries.remove(entry)
        self._count(entry[0], -1)

    def _count(self, key: SortKey, delta: int) -> None:
        count = self._counts.get(key, 0) + delta
        if count == 0:
            del self._counts[key]
            self._distinct.remove(key)
        else:
            if count == delta:
                self._distinct.add(key)
            self._counts[key] = count
