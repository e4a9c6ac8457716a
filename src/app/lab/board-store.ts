/**
 * The lab's leaderboard: contestants (built-in rules, the student's rules, the learned dispatcher, tabu search) run in
 * the lab's worker on every instance of a group (ta01-10, la01-05, ...), ranked by mean gap to the best-known bounds with
 * a 95 % confidence interval over the group (`core/scheduling/leaderboard.ts`).
 */
import { create } from 'zustand';
import { lowerBounds } from '../../core/scheduling/bounds.ts';
import { contestantKey, rankBoard, type BoardInstance, type BoardRow, type Contestant } from '../../core/scheduling/leaderboard.ts';
import { BOUNDS, INSTANCE_GROUPS, loadBuiltIn } from './instances.ts';
import { onBoardMessage, send } from './lab-store.ts';

/** Groups of instances of one size: Taillard's by ten, Lawrence's by five, the other families whole. */
export const BOARD_GROUPS: readonly { label: string; names: readonly string[] }[] = INSTANCE_GROUPS.flatMap(({ family, names }) => {
  const size = family === 'ta' ? 10 : family === 'la' ? 5 : names.length;
  const groups = [];
  for (let i = 0; i < names.length; i += size) {
    const part = names.slice(i, i + size);
    const number = (name: string) => name.replace(/^[a-z]+/, '');
    groups.push({ label: part.length > 1 ? `${part[0]}-${number(part[part.length - 1]!)}` : part[0]!, names: part });
  }
  return groups;
});

export interface BoardEntry {
  readonly contestant: Contestant;
  readonly key: string;
  /** Gap (%) per instance of the group, as results arrive. */
  readonly gaps: readonly (number | undefined)[];
  readonly error?: string;
}

export interface BoardState {
  readonly status: 'idle' | 'loading' | 'running' | 'done' | 'stopped';
  readonly boardId?: number;
  readonly group?: string;
  readonly instances: readonly string[];
  readonly entries: readonly BoardEntry[];
}

export const useBoard = create<BoardState>(() => ({ status: 'idle', instances: [], entries: [] }));

let nextBoardId = 1;

onBoardMessage((message) => {
  const state = useBoard.getState();
  if (message.boardId !== state.boardId) return; // a board replaced by a newer one
  if (message.type === 'board-done') {
    useBoard.setState({ status: message.stopped ? 'stopped' : 'done' });
    return;
  }
  useBoard.setState({
    entries: state.entries.map((entry) => {
      if (entry.key !== message.key) return entry;
      if (message.error !== undefined) return { ...entry, error: message.error };
      const gaps = [...entry.gaps];
      gaps[message.instance] = message.gap;
      return { ...entry, gaps };
    }),
  });
});

/** Runs the contestants on every instance of the group (a running board is stopped first). */
export async function runLeaderboard(group: string, contestants: readonly Contestant[]): Promise<void> {
  const names = BOARD_GROUPS.find((g) => g.label === group)?.names;
  if (!names || contestants.length === 0) return;
  stopLeaderboard();
  const boardId = nextBoardId++;
  useBoard.setState({
    status: 'loading',
    boardId,
    group,
    instances: names,
    entries: contestants.map((contestant) => ({ contestant, key: contestantKey(contestant), gaps: names.map(() => undefined) })),
  });
  const instances: BoardInstance[] = await Promise.all(
    names.map(async (name) => {
      const instance = await loadBuiltIn(name);
      return { instance, bound: BOUNDS.get(name)?.upperBound ?? lowerBounds(instance).value };
    }),
  );
  if (useBoard.getState().boardId !== boardId) return;
  useBoard.setState({ status: 'running' });
  send({ type: 'board', boardId, instances, contestants: [...contestants] });
}

export function stopLeaderboard(): void {
  const { boardId, status } = useBoard.getState();
  if (boardId !== undefined && (status === 'running' || status === 'loading')) send({ type: 'stop-board', boardId });
}

/** The board's rows, ranked by mean gap over the instances done so far; failed contestants last. */
export function boardRows(entries: readonly BoardEntry[]): (BoardRow & { entry: BoardEntry; count: number })[] {
  const ok = entries.filter((e) => e.error === undefined);
  const ranked = rankBoard(ok.map((e) => ({ key: e.key, gaps: e.gaps.filter((g): g is number => g !== undefined) })));
  const byKey = new Map(entries.map((e) => [e.key, e]));
  return [
    ...ranked.map((row) => ({ ...row, entry: byKey.get(row.key)!, count: row.gaps.length })),
    ...entries.filter((e) => e.error !== undefined).map((entry) => ({ key: entry.key, gaps: [], meanGap: NaN, ci95: NaN, entry, count: 0 })),
  ];
}
