// Shared bits of the talent pages: percents, dates and points.
export function percent(value) {
  if (value === null || value === undefined) return "–";
  return `${Number(value).toLocaleString(undefined, { maximumFractionDigits: 1 })}%`;
}

export function day(iso) {
  return iso ? String(iso).slice(0, 10) : "–";
}

export function mean(values) {
  const known = values.filter((v) => v !== null && v !== undefined);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

/** The craftsman points of a rating, with one decimal at most. */
export function points(rating) {
  const value = rating?.points ?? null;
  return value === null ? "–" : Number(value).toLocaleString(undefined, { maximumFractionDigits: 1 });
}
