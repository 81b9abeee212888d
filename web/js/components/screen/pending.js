// The cells a frozen public board shows as pending: results recorded after the freeze.
//
// Stages: the public board counts their hidden attempts (`pending`), and the stage
// cells show them. Criteria: the public board does not say which marks it hides, so
// a screen with a token also reads the live board and shows a criterion whose live
// mark differs as pending (never its value); a screen without one shows every
// criterion not marked before the freeze as pending: its result is not public yet.

/** Whether `doc` is the public board of a frozen contest. */
export function frozenPublic(doc) {
  return Boolean(doc?.view === "public" && doc.state?.frozen && !doc.state?.thawed);
}

/** The ids of `row`'s pending criteria. */
export function pendingCriteria({ doc, definition, liveRows }, row) {
  if (!frozenPublic(doc)) return new Set();
  const criteria = definition?.criteria ?? [];
  const live = liveRows?.get(row.contestant_id);
  const hidden = live
    ? criteria.filter((c) => (live.criteria?.[c.id] ?? null) !== (row.criteria?.[c.id] ?? null))
    : criteria.filter((c) => row.criteria?.[c.id] === undefined);
  return new Set(hidden.map((c) => c.id));
}
