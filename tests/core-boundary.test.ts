import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// The simulation core runs in Node and in a Web Worker. tsconfig.core.json compiles it without DOM or Node types; this
// test also keeps its imports to relative files and the libraries allowed there.
const ALLOWED_PACKAGES = new Set(['rxjs', 'zod', 'jsep']);
const coreDir = join(import.meta.dirname, '../src/core');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Source text with comments and string literals blanked, so that only code is searched. */
function codeOnly(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
}

// ECMAScript leaves these "implementation-approximated": engines differ in the last bit, so the core must use
// src/core/math instead. Math.sqrt, abs, floor, round, trunc, min, max, fround are exact everywhere and stay allowed.
const APPROXIMATED_MATH = /\bMath\s*\.\s*(exp|expm1|log|log1p|log2|log10|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|cbrt|hypot)\b/g;
// `**` goes through the same approximated pow; only an integer literal exponent (2 ** 40, x ** 2) is let through.
const EXPONENT = /\*\*=?\s*([^\s;,)\]}]+)/g;

/** Each use of an engine-approximated function or a non-literal-integer `**` in this code, as text. */
function approximatedCalls(code: string): string[] {
  const found = [...code.matchAll(APPROXIMATED_MATH)].map((m) => `Math.${m[1]}`);
  for (const m of code.matchAll(EXPONENT)) if (!/^-?\d+$/.test(m[1]!)) found.push(`** ${m[1]}`);
  return found;
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

  it('the elementary-function check finds what it must and lets exact operations through', () => {
    expect(approximatedCalls('const a = Math.exp(x) + Math.log(y) * Math.pow(b, c) + Math . sin(t) + Math.hypot(1, 2);')).toEqual([
      'Math.exp',
      'Math.log',
      'Math.pow',
      'Math.sin',
      'Math.hypot',
    ]);
    expect(approximatedCalls('const a = b ** c; d **= 0.5; e = f ** (g + 1); h = 2 ** -k;')).toEqual(['** c', '** 0.5', '** (g', '** -k']);
    expect(approximatedCalls('const a = Math.sqrt(x) + Math.abs(y) + Math.floor(z) + 2 ** 40 + x ** 2 + 2 ** -500; exp(1);')).toEqual([]);
  });

  it('src/core computes exp, log, pow, sin, ... only through src/core/math (same bits on every engine)', () => {
    const offending: string[] = [];
    for (const file of sourceFiles(coreDir)) {
      const path = relative(coreDir, file);
      if (path.startsWith(`math${sep}`)) continue;
      for (const call of approximatedCalls(codeOnly(readFileSync(file, 'utf8')))) offending.push(`${path} uses ${call}`);
    }
    expect(offending).toEqual([]);
  });

  it('src/core/math itself uses no engine-approximated function and imports nothing outside its folder', () => {
    const mathDir = join(coreDir, 'math');
    const offending: string[] = [];
    for (const file of sourceFiles(mathDir)) {
      const text = readFileSync(file, 'utf8');
      for (const call of approximatedCalls(codeOnly(text))) offending.push(`${relative(coreDir, file)} uses ${call}`);
      for (const m of text.matchAll(/from\s+'([^']+)'/g)) if (!m[1]!.startsWith('./')) offending.push(`${relative(coreDir, file)} imports ${m[1]}`);
    }
    expect(offending).toEqual([]);
  });
});
