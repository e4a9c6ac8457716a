/**
 * JSON text for model files written by tools (`npm run tune`): two-space indentation, with any array or object whose
 * one-line form fits in the width kept on one line, and a list item that is a flat record (a product, a tariff band)
 * on one line up to three times the width, as the hand-written model files are laid out. Output parses back to the same value
 * (only whitespace differs from JSON.stringify's).
 */
export function formatModelJson(value: unknown, width = 120): string {
  return `${layout(value, '', width)}\n`;
}

function layout(value: unknown, indent: string, width: number, listItem = false): string {
  const flat = oneLine(value);
  const limit = listItem && isFlatRecord(value) ? 3 * width : width;
  if (value === null || typeof value !== 'object' || indent.length + flat.length <= limit) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + layout(v, inner, width, true)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${layout(v, inner, width)}`).join(',\n')}\n${indent}}`;
}

function oneLine(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`).join(', ')} }`;
}

/** An object whose fields are numbers, strings, booleans or lists of them. */
function isFlatRecord(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value).every((v) => v === null || typeof v !== 'object' || (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')));
}
