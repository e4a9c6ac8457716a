import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { THREE_CATALOGUE } from '../../src/app/scene/three-catalogue.ts';

/** Lower-case JSX elements that are HTML, not three.js objects. */
const HTML = new Set(['div', 'span', 'section', 'p', 'button', 'canvas', 'label', 'select', 'option', 'ul', 'li']);

describe('the three.js catalogue registered with R3F', () => {
  it('lists every three.js element the scene files draw (a missing one fails at run time)', () => {
    const dir = 'src/app/scene';
    const used = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.tsx'))) {
      const source = readFileSync(`${dir}/${file}`, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      // JSX opening tags only: `<mesh ` or `<mesh>`, not generics (`Map<string, ...>`: no space before a tag there).
      for (const match of source.matchAll(/(?:^|[\s({>])<([a-z][A-Za-z0-9]*)[\s/>]/g)) used.add(match[1]!);
    }
    const three = [...used].filter((tag) => !HTML.has(tag) && tag !== 'primitive');
    expect(three.length).toBeGreaterThan(5);
    const registered = new Set(Object.keys(THREE_CATALOGUE).map((name) => name[0]!.toLowerCase() + name.slice(1)));
    expect(three.filter((tag) => !registered.has(tag))).toEqual([]);
  });
});
