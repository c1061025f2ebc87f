import neo4j, { type Integer, isDate, isDateTime, isDuration, isLocalDateTime, isLocalTime, isTime, type Record as Neo4jRecord } from 'neo4j-driver';

/**
 * Converts driver values to plain JS so no layer above sees driver types:
 * Integers become numbers (safe range checked), temporals ISO strings,
 * nodes and relationships their properties plus identity metadata.
 */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  // Strings, floats and booleans first: they are most values, and the driver-type checks below cost several property probes each.
  if (typeof value !== 'object') return typeof value === 'bigint' ? Number(value) : value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (neo4j.isInt(value)) {
    const int = value as Integer;
    return int.inSafeRange() ? int.toNumber() : int.toString();
  }
  if (isDateTime(value as object) || isDate(value as object) || isLocalDateTime(value as object) || isTime(value as object) || isLocalTime(value as object) || isDuration(value as object)) {
    return String(value);
  }
  if (value instanceof neo4j.types.Node) {
    return { ...plainMap(value.properties), __labels: value.labels };
  }
  if (value instanceof neo4j.types.Relationship) {
    return { ...plainMap(value.properties), __type: value.type };
  }
  if (value instanceof neo4j.types.Path) {
    return value.segments.map((segment) => toPlain(segment.relationship));
  }
  return plainMap(value as Record<string, unknown>);
}

function plainMap(map: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(map)) out[key] = toPlain(inner);
  return out;
}

export function recordToRow(record: Neo4jRecord): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const key of record.keys) row[String(key)] = toPlain(record.get(key));
  return row;
}
