/**
 * `npm run provenance -- <model.json> [--list]`: where each parameter of a model file comes from (src/core/model/provenance.ts,
 * docs/model-files.md): how many have a cited range, a range from a stated assumption, a tuning record or a stated
 * assumption, which sources are verified, and every problem (an uncovered parameter, a value outside its range, an
 * unknown source, a stale entry). Exit codes: 0 no problem; 1 problems; 2 the file cannot be read or parsed.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ModelFileError, parseJsonText } from '../core/model/errors.ts';
import { auditProvenance } from '../core/model/provenance.ts';

export interface ProvenanceIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The report for one model file's text. */
export function provenanceReport(text: string, file: string, list = false): { text: string; problems: number } {
  const json = parseJsonText(text, file);
  const audit = auditProvenance(json);
  const count = (c: string) => audit.leaves.filter((l) => l.coverage === c).length;
  const sources = Object.entries((json as { provenance?: { sources?: Record<string, { checked: string }> } }).provenance?.sources ?? {});
  const status = (s: string) => sources.filter(([, v]) => v.checked.startsWith(`${s}:`)).map(([k]) => k);
  const lines = [
    `${file}: ${audit.leaves.length} parameters`,
    `  cited range (a published source):  ${count('cited range')}`,
    `  range from a stated assumption:    ${count('assumed range')}`,
    `  tuned (record under tuning):       ${count('tuned')}`,
    `  stated assumption:                 ${count('assumption')}`,
    `  sources: verified ${status('verified').join(', ') || '-'}; unverified ${status('unverified').join(', ') || '-'}; assumptions ${status('assumption').length}`,
  ];
  if (list)
    for (const l of audit.leaves)
      lines.push(
        `  ${l.path} = ${String(l.value)}: ${l.coverage}${l.range ? ` ${l.range[0]}-${l.range[1]}` : ''}${l.sources.length ? ` (${l.sources.join(', ')})` : ''}`,
      );
  lines.push(...audit.problems.map((p) => `  problem: ${p}`));
  return { text: `${lines.join('\n')}\n`, problems: audit.problems.length };
}

export function main(argv: string[], io: ProvenanceIo): number {
  const list = argv.includes('--list');
  const files = argv.filter((a) => a !== '--list');
  if (files.length === 0) {
    io.err('usage: npm run provenance -- <model.json>... [--list]\n');
    return 2;
  }
  let problems = 0;
  for (const file of files) {
    try {
      const report = provenanceReport(readFileSync(file, 'utf8'), file, list);
      io.out(report.text);
      problems += report.problems;
    } catch (error) {
      if (error instanceof ModelFileError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
        io.err(`${(error as Error).message}\n`);
        return 2;
      }
      throw error;
    }
  }
  return problems > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = main(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
