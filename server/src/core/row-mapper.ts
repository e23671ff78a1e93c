import { Column, DrizzleQueryError, fillPlaceholders, is, NoopLogger, SQL } from 'drizzle-orm';
import { NoopCache } from 'drizzle-orm/cache/core';

interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

interface SelectedField {
  path: string[];
  field: unknown;
}

/** The parts of Drizzle's node-postgres prepared query this module reads and sets. */
interface PreparedSelect {
  fields?: SelectedField[];
  joinsNotNullableMap?: Record<string, boolean>;
  customResultMapper?: (rows: unknown[][]) => unknown;
  execute(values?: Record<string, unknown>): Promise<unknown>;
  client: { query(config: object, params: unknown[]): Promise<{ rows: unknown[][] }> };
  queryConfig: { name?: string; text: string };
  params: unknown[];
  logger: unknown;
  cache: unknown;
}

// The decoder Drizzle's own mapResultRow picks for each kind of selected field.
function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return field;
  // An SQL fragment keeps its decoder (set by .mapWith) in a field its types do not show.
  const decoderOfSql = (fragment: unknown) => (fragment as { decoder: Decoder }).decoder;
  if (is(field, SQL)) return decoderOfSql(field);
  const aliasedOrSubquery = field as { sql?: SQL; _?: { sql: SQL } };
  return decoderOfSql(aliasedOrSubquery.sql ?? aliasedOrSubquery._!.sql);
}

/** The selection's shape: each key leads to a column index or to a nested object. */
type Shape = Map<string, number | Shape>;

function shapeOf(paths: string[][]): Shape {
  const root: Shape = new Map();
  paths.forEach((path, index) => {
    let node = root;
    for (const key of path.slice(0, -1)) {
      let child = node.get(key);
      if (!(child instanceof Map)) {
        child = new Map();
        node.set(key, child);
      }
      node = child;
    }
    node.set(path[path.length - 1]!, index);
  });
  return root;
}

/** An object literal for the shape: `{"id": d0(row[0]), "customer": {...}}`. */
function literalOf(shape: Shape): string {
  const entries = [...shape].map(([key, value]) => {
    // In a literal this key would set the prototype; no select of ours names a field so.
    if (key === '__proto__') throw new Error('A selected field may not be named __proto__');
    const cell =
      typeof value === 'number'
        ? `(row[${value}] === null ? null : d${value}.mapFromDriverValue(row[${value}]))`
        : literalOf(value);
    return `${JSON.stringify(key)}: ${cell}`;
  });
  return `{ ${entries.join(', ')} }`;
}

/**
 * Maps a result's rows (arrays, in select order) to objects the way Drizzle does, without its
 * per-cell iterator, destructuring and reduce: on a timeline page those were a third of the
 * server's allocations. The mapper is generated once per statement as an object literal (as
 * fast-json-stringify generates its serializers), so every row is built in one allocation with
 * a fixed shape instead of by one keyed store per cell. The keys are the select's own field
 * names, written as JSON string literals. Nested selections are mapped too; joins are not
 * (Drizzle nulls a joined table whose columns are all null), and keep Drizzle's mapper.
 */
function compileRowMapper(fields: SelectedField[]): (rows: unknown[][]) => Record<string, unknown>[] {
  const decoders = fields.map(({ field }) => decoderOf(field));
  const build = new Function(
    ...decoders.map((_, index) => `d${index}`),
    `return function mapRow(row) { return ${literalOf(shapeOf(fields.map(({ path }) => path)))}; };`,
  );
  const mapRow = build(...decoders) as (row: unknown[]) => Record<string, unknown>;
  return (rows) => {
    const mapped = new Array<Record<string, unknown>>(rows.length);
    for (let index = 0; index < rows.length; index++) mapped[index] = mapRow(rows[index]!);
    return mapped;
  };
}

/*
 * A statement is prepared again for each transaction that uses it (preparedStatement keeps
 * one per database handle), and generated code should be compiled, and warmed up by V8,
 * once: the same name and text always select the same fields (db.ts).
 */
const mappers = new Map<string, (rows: unknown[][]) => Record<string, unknown>[]>();

function mapperFor(statement: PreparedSelect & { fields: SelectedField[] }) {
  const key = `${statement.queryConfig.name ?? ''}\u0000${statement.queryConfig.text}`;
  let mapRows = mappers.get(key);
  if (mapRows === undefined) {
    mapRows = compileRowMapper(statement.fields);
    mappers.set(key, mapRows);
  }
  return mapRows;
}

function isPreparedSelect(value: unknown): value is PreparedSelect & { fields: SelectedField[] } {
  const candidate = value as PreparedSelect | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    Array.isArray(candidate.fields) &&
    'customResultMapper' in candidate &&
    candidate.customResultMapper === undefined &&
    // Drizzle marks each table of the select: true unless an outer join may null it.
    Object.values(candidate.joinsNotNullableMap ?? {}).every(Boolean)
  );
}

/**
 * Gives a prepared select (or each prepared select of an object of them) the faster row
 * mapper. Anything else, or a select with joins, is left as Drizzle made it.
 */
export function withFastRowMapping<T>(prepared: T): T {
  const candidates = isPreparedSelect(prepared)
    ? [prepared]
    : typeof prepared === 'object' && prepared !== null
      ? Object.values(prepared)
      : [];
  for (const candidate of candidates) {
    if (!isPreparedSelect(candidate)) continue;
    const mapRows = mapperFor(candidate);
    candidate.customResultMapper = mapRows;
    if (is(candidate.logger, NoopLogger) && is(candidate.cache, NoopCache)) {
      candidate.execute = executeDirectly(candidate, mapRows);
    }
  }
  return prepared;
}

/**
 * What Drizzle's `execute` does for a prepared select with no logger and no cache, without
 * its three nested async layers and tracing spans (which do nothing unless OpenTelemetry is
 * installed): fill the placeholders, send the named statement, map the rows. A failure is
 * wrapped as Drizzle wraps it, so callers see the same error either way.
 */
function executeDirectly(statement: PreparedSelect, mapRows: (rows: unknown[][]) => unknown) {
  const { client, queryConfig, params } = statement;
  return async (values: Record<string, unknown> = {}) => {
    const filled = fillPlaceholders(params, values);
    let rows: unknown[][];
    try {
      ({ rows } = await client.query(queryConfig, filled));
    } catch (error) {
      throw new DrizzleQueryError(queryConfig.text, filled, error as Error);
    }
    return mapRows(rows);
  };
}
