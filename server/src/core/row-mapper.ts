import { Column, is, SQL } from 'drizzle-orm';

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

/**
 * Maps a result's rows (arrays, in select order) to objects the way Drizzle does, without its
 * per-cell iterator, destructuring and reduce: on a timeline page that is a third of the
 * server's allocations. Selections with nested objects are mapped too; joins are not
 * (Drizzle nulls a joined table whose columns are all null), and keep Drizzle's mapper.
 */
function compileRowMapper(fields: SelectedField[]): (rows: unknown[][]) => Record<string, unknown>[] {
  const count = fields.length;
  const decoders = fields.map(({ field }) => decoderOf(field));
  const paths = fields.map(({ path }) => path);
  const flat = paths.every((path) => path.length === 1);
  const keys = paths.map((path) => path[0]!);

  const mapRow = flat
    ? (row: unknown[]) => {
        const result: Record<string, unknown> = {};
        for (let index = 0; index < count; index++) {
          const value = row[index];
          result[keys[index]!] = value === null ? null : decoders[index]!.mapFromDriverValue(value);
        }
        return result;
      }
    : (row: unknown[]) => {
        const result: Record<string, unknown> = {};
        for (let index = 0; index < count; index++) {
          const path = paths[index]!;
          let node = result;
          for (let depth = 0; depth < path.length - 1; depth++) {
            const key = path[depth]!;
            node[key] ??= {};
            node = node[key] as Record<string, unknown>;
          }
          const value = row[index];
          node[path[path.length - 1]!] = value === null ? null : decoders[index]!.mapFromDriverValue(value);
        }
        return result;
      };

  return (rows) => {
    const mapped = new Array<Record<string, unknown>>(rows.length);
    for (let index = 0; index < rows.length; index++) mapped[index] = mapRow(rows[index]!);
    return mapped;
  };
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
    if (isPreparedSelect(candidate)) candidate.customResultMapper = compileRowMapper(candidate.fields);
  }
  return prepared;
}
