/**
 * Lookups by a user's id in a plain object (a scene's `units`, a record parsed from JSON): only the object's own
 * entries, never what it inherits, so a unit named `constructor`, `toString` or `hasOwnProperty` is just a unit.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
