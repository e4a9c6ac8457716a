/**
 * The editor's state outside React (zustand): the document history, the selection, the active tool and the clipboard.
 * Every change of the document is saved to localStorage at once, and read back when the app opens again, so a reload or
 * a crash loses nothing. Importing a file that fails validation changes nothing and reports the file's problems.
 */
import { z } from 'zod';
import { create } from 'zustand';
import { ModelFileError, parseJsonText } from '../../core/model/errors.ts';
import type { FlowModel } from '../../core/model/flow-model.ts';
import { validateModel } from '../../core/model/load.ts';
import { EQUIPMENT_KINDS, sceneLayoutSchema } from '../../core/model/scene.ts';
import {
  emptyDocument,
  fromModel,
  LINK_KINDS,
  record,
  redo,
  startHistory,
  undo,
  type Clipboard,
  type History,
  type LayoutDocument,
  type LinkKind,
  type UnitKind,
} from './document.ts';

export const STORAGE_KEY = 'fabtwin.editor.layout.v1';
export const BACKUP_KEY = 'fabtwin.editor.layout.unreadable';

export type Tool = { mode: 'select' } | { mode: 'place'; kind: UnitKind } | { mode: 'connect'; kind: LinkKind; from?: string };

export interface ImportReport {
  file: string;
  problems: readonly { path: string; message: string }[];
}

export interface EditorState {
  history: History;
  /** Selected unit and link ids. */
  selection: readonly string[];
  tool: Tool;
  clipboard?: Clipboard;
  /** The last refused import, shown until dismissed. */
  importErrors?: ImportReport;
  /** A short message (a refused connection, an import done), as a text key with values. */
  notice?: { key: string; values?: Record<string, string> };
}

/** The shape of a saved document; parameters are checked again by the layout check and the model schema. */
const savedDocumentSchema = z.object({
  name: z.string(),
  timeUnit: z.enum(['second', 'minute', 'hour', 'day']),
  maintenance: z.object({ patrolInterval: z.number() }).optional(),
  fleet: z
    .object({
      vehicles: z.number(),
      speed: z.number(),
      loadTime: z.number(),
      unloadTime: z.number(),
      dispatching: z.enum(['nearest', 'fcfs']),
      battery: z.object({ capacity: z.number(), chargeTime: z.number(), threshold: z.number(), charger: z.string() }).optional(),
    })
    .optional(),
  plant: z.object({ id: z.string(), scene: sceneLayoutSchema }).optional(),
  units: z.array(
    z.object({
      id: z.string().min(1),
      kind: z.enum(EQUIPMENT_KINDS),
      x: z.number(),
      z: z.number(),
      rotation: z.number(),
      name: z.string().optional(),
      label: z.object({ en: z.string(), zh: z.string() }).optional(),
      params: z.record(z.string(), z.unknown()),
    }),
  ),
  links: z.array(z.object({ id: z.string().min(1), kind: z.enum(LINK_KINDS), from: z.string(), to: z.string(), speed: z.number() })),
});

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // storage disabled: the editor works, without autosave
  }
}

/** The saved document, or an empty one; an unreadable save is kept under BACKUP_KEY, never thrown away. */
function restore(): { doc: LayoutDocument; failed: boolean } {
  const store = storage();
  const text = store?.getItem(STORAGE_KEY);
  if (!text) return { doc: emptyDocument(), failed: false };
  try {
    const saved = savedDocumentSchema.parse((JSON.parse(text) as { document?: unknown }).document);
    return { doc: saved as unknown as LayoutDocument, failed: false }; // parameters were schema-checked when committed
  } catch {
    store?.setItem(BACKUP_KEY, text);
    return { doc: emptyDocument(), failed: true };
  }
}

const restored = restore();

export const useEditor = create<EditorState>(() => ({
  history: startHistory(restored.doc),
  selection: [],
  tool: { mode: 'select' },
  ...(restored.failed ? { notice: { key: 'restoreFailed', values: { key: BACKUP_KEY } } } : {}),
}));

// Autosave: every new present document is written at once.
useEditor.subscribe((state, previous) => {
  if (state.history.present === previous.history.present) return;
  storage()?.setItem(STORAGE_KEY, JSON.stringify({ version: 1, document: state.history.present }));
});

export function currentDocument(): LayoutDocument {
  return useEditor.getState().history.present;
}

/** Records the result of a command (one undo step) and optionally sets the selection. */
export function commit(next: LayoutDocument, selection?: readonly string[]): void {
  const state = useEditor.getState();
  const history = record(state.history, next);
  useEditor.setState({ history, ...(selection ? { selection } : {}) });
}

/** Keeps only selected ids that still exist (after undo, redo or delete). */
function pruneSelection(doc: LayoutDocument, selection: readonly string[]): readonly string[] {
  const ids = new Set([...doc.units.map((u) => u.id), ...doc.links.map((l) => l.id)]);
  return selection.filter((id) => ids.has(id));
}

export function undoEdit(): void {
  const { history, selection } = useEditor.getState();
  const next = undo(history);
  useEditor.setState({ history: next, selection: pruneSelection(next.present, selection) });
}

export function redoEdit(): void {
  const { history, selection } = useEditor.getState();
  const next = redo(history);
  useEditor.setState({ history: next, selection: pruneSelection(next.present, selection) });
}

/**
 * Reads a layout file (a flow model with its scene). A file that is not JSON, fails the model schema or is not a flow
 * line is refused: its problems (file, path, what was expected) are listed and the current layout is kept. A good
 * file replaces the layout as one undoable step.
 */
export function importLayout(text: string, file: string): boolean {
  let model: FlowModel;
  try {
    const validated = validateModel(parseJsonText(text, file), file);
    if (validated.kind !== 'flow') {
      useEditor.setState({ importErrors: { file, problems: [{ path: 'kind', message: 'importNotFlow' }] } });
      return false;
    }
    model = validated;
  } catch (error) {
    if (error instanceof ModelFileError) {
      useEditor.setState({ importErrors: { file, problems: error.problems } });
      return false;
    }
    throw error;
  }
  commit(fromModel(model, model.scene), []);
  useEditor.setState({ importErrors: undefined, notice: { key: 'importDone', values: { file } } });
  return true;
}
