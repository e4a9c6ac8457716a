import { beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyDocument, layoutFile, placeUnit } from '../../src/app/editor/document.ts';

/** A localStorage stand-in for Node, installed before the editor's store module is loaded. */
class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

async function freshStore(saved?: string) {
  const storage = new MemoryStorage();
  if (saved !== undefined) storage.setItem('fabtwin.editor.layout.v1', saved);
  vi.stubGlobal('localStorage', storage);
  vi.resetModules();
  const store = await import('../../src/app/editor/store.ts');
  return { store, storage };
}

describe('layout editor store: autosave, restore, import', () => {
  beforeEach(() => vi.unstubAllGlobals());

  it('saves every change at once and restores it in a new session', async () => {
    const first = await freshStore();
    first.store.commit(placeUnit(emptyDocument('Mine'), 'cnc', 2, 3).doc);
    const saved = first.storage.getItem(first.store.STORAGE_KEY)!;
    expect(JSON.parse(saved)).toMatchObject({ version: 1, document: { name: 'Mine', units: [{ id: 'cnc-1', x: 2, z: 3 }] } });

    const second = await freshStore(saved);
    expect(second.store.currentDocument()).toEqual(first.store.currentDocument());
    expect(second.store.useEditor.getState().notice).toBeUndefined();
  });

  it('an unreadable save is kept aside, never thrown away, and the editor opens empty with a notice', async () => {
    const { store, storage } = await freshStore('{"version":1,"document":{"units":"oops"}}');
    expect(store.currentDocument().units).toEqual([]);
    expect(storage.getItem(store.BACKUP_KEY)).toBe('{"version":1,"document":{"units":"oops"}}');
    expect(store.useEditor.getState().notice).toEqual({ key: 'restoreFailed', values: { key: store.BACKUP_KEY } });
  });

  it('import: a bad file is refused with file, path and message, the layout kept; a good one is one undoable step', async () => {
    const { store } = await freshStore();
    store.commit(placeUnit(emptyDocument('Kept'), 'cnc', 0, 0).doc);
    const kept = store.currentDocument();

    expect(store.importLayout('{"kind": "flow", "name": ', 'cut.json')).toBe(false);
    expect(store.useEditor.getState().importErrors?.file).toBe('cut.json');
    expect(store.currentDocument()).toBe(kept);

    expect(store.importLayout(JSON.stringify({ kind: 'petrochemical' }), 'plant.json')).toBe(false);
    expect(store.currentDocument()).toBe(kept);

    const file = layoutFile(placeUnit(placeUnit(emptyDocument('Other'), 'source', 0, 0).doc, 'sink', 4, 0).doc);
    const broken = { ...file, sources: [{ id: 'in', interarrival: { dist: 'exponential', mean: -1 }, routing: 'nowhere' }] };
    expect(store.importLayout(JSON.stringify(broken), 'broken.json')).toBe(false);
    const problems = store.useEditor.getState().importErrors!.problems.map((p) => p.path);
    expect(problems).toContain('sources[0].interarrival.mean');
    expect(problems).toContain('sources[0].routing');
    expect(store.currentDocument()).toBe(kept);

    const good = JSON.parse(JSON.stringify(file));
    good.stations = [{ id: 'a', serviceTime: { dist: 'constant', value: 1 } }];
    good.routings = [{ id: 'r', steps: ['a'], sink: 'sink-1' }];
    good.sources = [{ id: 'source-1', interarrival: { dist: 'constant', value: 2 }, routing: 'r' }];
    expect(store.importLayout(JSON.stringify(good), 'good.json')).toBe(true);
    expect(store.currentDocument().name).toBe('Other');
    expect(store.useEditor.getState().importErrors).toBeUndefined();
    store.undoEdit();
    expect(store.currentDocument()).toBe(kept);
  });
});
