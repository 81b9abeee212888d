// CSV parsing in the browser (RFC 4180: quotes, doubled quotes, CRLF, a BOM) and the
// roster / referee tables built from it, with errors per line (1-based, header = 1).

/** Rows of fields, each with its line number. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const source = text.replace(/^\uFEFF/, "");
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0].trim() !== "") rows.push({ line: rowLine, fields: row });
    row = [];
    field = "";
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else { if (c === "\n") line++; field += c; }
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && source[i + 1] === "\n") i++;
      endRow();
      line++;
      rowLine = line;
    } else field += c;
  }
  if (field !== "" || row.length) endRow();
  return rows;
}

/**
 * Objects from a CSV with a header row: `{items, lines, errors: [{line, key, vars}]}`,
 * `lines[i]` the line of `items[i]`.
 * `columns`: {name: {required?, list?}}; `list` fields split on ";" or "|".
 */
export function tableFromCsv(text, columns) {
  const [header, ...body] = parseCsv(text);
  if (!header) return { items: [], lines: [], errors: [{ line: 1, key: "csv.empty" }] };
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const errors = [];
  names.filter((name) => !(name in columns)).forEach((name) => errors.push({ line: 1, key: "csv.unknown_column", vars: { name } }));
  Object.entries(columns).filter(([name, spec]) => spec.required && !names.includes(name))
    .forEach(([name]) => errors.push({ line: 1, key: "csv.missing_column", vars: { name } }));
  const seen = new Map();
  const items = [];
  const lines = [];
  for (const { line, fields } of body) {
    if (fields.length !== names.length) {
      errors.push({ line, key: "csv.field_count", vars: { found: fields.length, expected: names.length } });
      continue;
    }
    const item = {};
    names.forEach((name, i) => {
      const value = fields[i].trim();
      if (!(name in columns) || value === "") return;
      item[name] = columns[name].list ? value.split(/[;|]/).map((v) => v.trim()).filter(Boolean) : value;
    });
    Object.entries(columns).filter(([name, spec]) => spec.required && !item[name])
      .forEach(([name]) => errors.push({ line, key: "csv.required", vars: { name } }));
    if (item.id && seen.has(item.id)) errors.push({ line, key: "csv.duplicate", vars: { id: item.id, first: seen.get(item.id) } });
    if (item.id) seen.set(item.id, line);
    items.push(item);
    lines.push(line);
  }
  return { items, lines, errors };
}

export const ROSTER_COLUMNS = {
  id: { required: true }, name: { required: true }, organization: {}, team: {}, workshop: {}, venue: {}, worker_id: {},
};

export const REFEREE_COLUMNS = {
  id: { required: true }, name: { required: true }, role: {}, organization: {},
  venues: { list: true }, criteria: { list: true }, aspects: { list: true },
};

/** Referees from CSV; `role` defaults to referee and must be referee or chief. */
export function refereesFromCsv(text) {
  const { items, errors } = tableFromCsv(text, REFEREE_COLUMNS);
  items.forEach((item) => { item.role = item.role || "referee"; });
  const [, ...rows] = parseCsv(text);
  items.forEach((item, i) => {
    if (!["referee", "chief"].includes(item.role)) errors.push({ line: rows[i]?.line ?? i + 2, key: "csv.bad_role", vars: { role: item.role } });
  });
  return { items, errors };
}
