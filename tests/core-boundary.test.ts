import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The simulation core runs in Node and in a Web Worker. tsconfig.core.json compiles it without DOM or Node types; this
// test also keeps its imports to relative files and the libraries allowed there.
const ALLOWED_PACKAGES = new Set(['rxjs', 'zod']);
const coreDir = join(import.meta.dirname, '../src/core');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('core boundary', () => {
  it('src/core imports only relative files, rxjs and zod', () => {
    const offending: string[] = [];
    const files = sourceFiles(coreDir);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)) {
        const specifier = match[1] ?? match[2] ?? match[3]!;
        if (specifier.startsWith('.')) continue;
        const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        if (!ALLOWED_PACKAGES.has(pkg)) offending.push(`${relative(coreDir, file)} imports '${specifier}'`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('src/core reads no wall clock and schedules nothing on the host', () => {
    const offending: string[] = [];
    for (const file of sourceFiles(coreDir)) {
      // Code only: comments and string literals may mention these APIs (e.g. advice in an error message).
      const text = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
        .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
      for (const api of ['Date.now', 'new Date(', 'performance.now', 'setTimeout', 'setInterval', 'requestAnimationFrame', 'Math.random']) {
        if (text.includes(api)) offending.push(`${relative(coreDir, file)} uses ${api}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
