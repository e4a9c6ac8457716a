/**
 * Provenance of every shipped model file (issue 12): every parameter has a cited range or a stated assumption (or a
 * tuning record), every value lies inside each range that names it, every source key resolves, and no provenance entry
 * names a parameter that is not there.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/core/model/load.ts';
import { auditProvenance, parameterLeaves } from '../../src/core/model/provenance.ts';
import { main as provenanceCli } from '../../src/cli/provenance.ts';

const root = join(import.meta.dirname, '../..');
const modelFiles = ['factory-models', 'factory-models/teaching'].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => `${dir}/${f}`),
);
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const json = (file: string) => JSON.parse(read(file)) as Record<string, unknown> & { provenance: Record<string, Record<string, unknown>> };

describe('every shipped model file states where its parameters come from', () => {
  it('finds the shipped model files', () => {
    expect(modelFiles).toContain('factory-models/3c-machining.json');
    expect(modelFiles).toContain('factory-models/petrochemical.json');
    expect(modelFiles).toContain('factory-models/teaching/mm1.json');
    expect(modelFiles.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of modelFiles) {
    it(`${file}: valid, every parameter covered, every value inside its cited range, no unknown source, no stale entry`, () => {
      expect(() => parseModel(read(file), file)).not.toThrow();
      const audit = auditProvenance(JSON.parse(read(file)));
      expect(audit.problems).toEqual([]);
      expect(audit.leaves.length).toBeGreaterThan(5);
      expect(audit.leaves.filter((l) => l.coverage === 'none')).toEqual([]);
    });
  }

  it('the two plants cite ranges, with full references for published sources', () => {
    for (const file of ['factory-models/3c-machining.json', 'factory-models/petrochemical.json']) {
      const audit = auditProvenance(json(file));
      expect(audit.leaves.filter((l) => l.coverage === 'cited range').length, file).toBeGreaterThanOrEqual(5);
      for (const [key, source] of Object.entries(json(file).provenance.sources) as [string, { reference: string; locator?: string; checked: string }][]) {
        if (source.checked.startsWith('assumption:')) continue;
        expect(source.reference, `${file}: ${key}`).toMatch(/\b(19|20)\d\d\b/);
        expect(source.locator, `${file}: ${key}`).toBeDefined();
      }
    }
  });

  it('the petrochemical plant cites the van de Vusse reference for the reactor and its nominal point', () => {
    const audit = auditProvenance(json('factory-models/petrochemical.json'));
    const vdv = audit.leaves.filter((l) => l.sources.includes('vdv-chen1995')).map((l) => l.path);
    expect(vdv).toEqual(
      expect.arrayContaining([
        'reactor.cleanHeatTransfer.value',
        'grades[0].operatorSetpoints.reactorTemperature.value',
        'grades[0].operatorSetpoints.feedTemperature.value',
        'disturbances.feedConcentration.mean',
      ]),
    );
    expect(json('factory-models/petrochemical.json').provenance.sources['vdv-chen1995']).toMatchObject({
      checked: expect.stringMatching(/^verified: .*process-models\.md section 1/),
    });
  });
});

describe('the provenance audit', () => {
  const base = () => json('factory-models/3c-machining.json');

  it('reports a value outside its cited range, naming the path, value, range and source', () => {
    const m = base();
    (m.anodize as Record<string, number>).busyKw = 35;
    expect(auditProvenance(m).problems).toEqual(['anodize.busyKw = 35 lies outside its range 40-70 (anodize)']);
  });

  it('reports an inline cited value outside its range', () => {
    const m = json('factory-models/petrochemical.json') as unknown as { levelCosts: { items: { capital: { value: number } }[] } };
    m.levelCosts.items[0]!.capital.value = 100000;
    expect(auditProvenance(m).problems).toEqual([
      expect.stringMatching(/^levelCosts\.items\[0\]\.capital\.value = 100000 lies outside its range 150000-600000/),
    ]);
  });

  it('reports a parameter with neither a range nor an assumption', () => {
    const m = base();
    delete m.provenance.assumptions!['transportHours'];
    expect(auditProvenance(m).problems).toEqual(['transportHours: no cited range and no stated assumption (add one under provenance)']);
  });

  it('reports a source key that does not resolve, in a range and in an inline source', () => {
    const m = base();
    (m.provenance.ranges!['anodize.busyKw'] as { source: string }).source = 'nowhere';
    expect(auditProvenance(m).problems).toContain('provenance.ranges["anodize.busyKw"]: source "nowhere" is not in provenance.sources');
    expect(() => parseModel(JSON.stringify(m), 'm.json')).toThrow(/provenance\.ranges.*anodize\.busyKw.*unknown source "nowhere"/);

    const p = json('factory-models/petrochemical.json') as unknown as { levelCosts: { items: { capital: { source: string } }[] } };
    p.levelCosts.items[0]!.capital.source = 'assumption: see [nobody2020]';
    expect(auditProvenance(p).problems).toEqual(['levelCosts.items[0].capital.value: source "[nobody2020]" is not in provenance.sources']);
    p.levelCosts.items[0]!.capital.source = 'Somebody, somewhere';
    expect(auditProvenance(p).problems).toEqual([expect.stringContaining('expected its source to start with "assumption:" or a [key]')]);
  });

  it('reports stale entries: a range or an assumption that names no parameter', () => {
    const m = base();
    m.provenance.ranges!['anodize.tankVolume'] = { min: 1, max: 2, source: 'anodize' };
    m.provenance.assumptions!['products[*].colour'] = 'a parameter that was removed';
    expect(auditProvenance(m).problems).toEqual([
      'provenance.ranges["anodize.tankVolume"]: stale, no parameter at this path',
      'provenance.assumptions["products[*].colour"]: stale, no parameter at or below this path',
    ]);
  });

  it('matches [*] against every item, and a group assumption covers every leaf below it', () => {
    const m = base();
    const products = m.products as Record<string, unknown>[];
    products.push({ ...products[0]!, id: 'phone-d', releaseDay: 27 });
    const audit = auditProvenance(m);
    expect(audit.problems).toEqual([]);
    const added = audit.leaves.filter((l) => l.path.startsWith(`products[${products.length - 1}]`));
    expect(added.length).toBeGreaterThan(5);
    expect(added.every((l) => l.coverage === 'assumption')).toBe(true);
  });

  it('counts numbers, booleans and modelling choices as parameters, not names, links, units or the tuning record', () => {
    const paths = parameterLeaves(json('factory-models/teaching/agv-line.json')).map((l) => l.path);
    expect(paths).toEqual(expect.arrayContaining(['stations[0].serviceTime.dist', 'conveyors[0].kind', 'fleets[0].dispatching', 'fleets[0].vehicles']));
    expect(paths.some((p) => /\.(id|name|fleet|routing|sink|from|to)$|^kind$|^name$/.test(p))).toBe(false);
    const petro = parameterLeaves(json('factory-models/petrochemical.json')).map((l) => l.path);
    expect(petro).toContain('decisions.l1PlannedGradeChanges');
    expect(petro.some((p) => p.startsWith('tuning') || p.endsWith('.unit') || p.includes('.range'))).toBe(false);
  });

  it('counts a tuned decision parameter as covered by its tuning record only while the record names it', () => {
    const m = json('factory-models/petrochemical.json') as unknown as { tuning: { L2: { values: Record<string, number> } } };
    expect(auditProvenance(m).leaves.find((l) => l.path === 'decisions.foulingThreshold')?.coverage).toBe('tuned');
    delete m.tuning.L2.values['decisions.foulingThreshold'];
    expect(auditProvenance(m).problems).toEqual(['decisions.foulingThreshold: no cited range and no stated assumption (add one under provenance)']);
  });

  it('keeps provenance out of the simulation: a run with and without it gives the same KPIs', async () => {
    const { startMachining } = await import('../../src/core/machining/index.ts');
    const { presetLevels } = await import('../../src/core/experiment/levels.ts');
    const { MACHINING_CAPABILITIES } = await import('../../src/core/machining/index.ts');
    type M = Parameters<typeof startMachining>[0];
    const model = parseModel(read('factory-models/3c-machining.json'), '3c') as M;
    const kpis = (m: M) => {
      const r = startMachining(m, 3, presetLevels(MACHINING_CAPABILITIES, 'L3'));
      r.sim.runUntil(2 * 24);
      return r.kpis();
    };
    expect(kpis({ ...model, provenance: undefined })).toEqual(kpis(model));
  });
});

describe('nothing in the simulation reads provenance', () => {
  it("no core module outside model/ imports provenance.ts or reads a model's provenance", () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const core = join(root, 'src/core');
    const readers = walk(core)
      .filter((f) => !relative(core, f).startsWith('model'))
      // `result.provenance` in experiment/tune.ts is a tuning record, not a model file's provenance section.
      .filter((f) => /model\/provenance\.ts|(?<!result)\.provenance\b|\[['"]provenance['"]\]/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(readers).toEqual([]);
  });
});

describe('npm run provenance', () => {
  const run = (args: string[]) => {
    let out = '';
    let err = '';
    const code = provenanceCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  };

  it('counts each kind of coverage and exits 0 on a shipped file', () => {
    const { code, out } = run([join(root, 'factory-models/petrochemical.json')]);
    expect(code).toBe(0);
    const audit = auditProvenance(json('factory-models/petrochemical.json'));
    expect(out).toContain(`cited range (a published source):  ${audit.leaves.filter((l) => l.coverage === 'cited range').length}`);
    expect(out).toMatch(/verified vdv-chen1995/);
    expect(out).not.toContain('problem:');
  });

  it('lists each problem and exits 1; exits 2 on a file that cannot be read', () => {
    const m = json('factory-models/3c-machining.json');
    (m.anodize as Record<string, number>).tankCapacityUnits = 80;
    const file = join(mkdtempSync(join(tmpdir(), 'provenance-')), 'm.json');
    writeFileSync(file, JSON.stringify(m));
    const bad = run([file]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('problem: anodize.tankCapacityUnits = 80 lies outside its range 150-250 (anodize)');
    expect(run([join(root, 'no-such-model.json')]).code).toBe(2);
  });
});
