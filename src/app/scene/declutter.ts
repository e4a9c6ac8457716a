/**
 * Unit labels in small embedded scenes (the comparison's three lanes): abbreviated names, and a label whose screen
 * rectangle overlaps a higher-priority one is hidden. Imported by the views that embed small scenes (it travels in their
 * chunk, not in the first frame's JavaScript) and handed to `PlantScene` as `compactLabels`.
 *
 * The overlap pass runs only when a label's projected position or text changed (the scene's label loop says so), over
 * preallocated typed arrays: no allocation per frame.
 */

/** Pixels kept free around each label, so that neighbours do not touch. */
const MARGIN = 2;

/**
 * A short form of a unit's label for a small scene: the part before a slash or bracket ("CMM / vision" -> "CMM"); a numbered
 * unit keeps its first word and number ("CNC cell 3" -> "CNC 3", "CNC 加工单元 3" -> "CNC 3"); otherwise the first word,
 * cut to 7 characters with a full stop ("Laser marking" -> "Laser", "Deburring" -> "Deburr."), or, for text without
 * spaces (Chinese), its first 4 characters.
 */
export function shortLabel(label: string): string {
  const head = label.split(/[/(（]/)[0]!.trim() || label.trim();
  const words = head.split(/\s+/);
  const last = words[words.length - 1]!;
  if (words.length > 1 && /^\d+$/.test(last)) return `${words[0]} ${last}`;
  if (words.length === 1 && !/[A-Za-z]/.test(head)) return [...head].slice(0, 4).join('');
  const first = words[0]!;
  return first.length > 7 ? `${first.slice(0, 6)}.` : first;
}

/**
 * Hides labels that would overlap a label of higher priority. Priority: `first` (the MES node, where shown), then the
 * units in the model's order (upstream first).
 */
export class LabelDeclutter {
  private readonly order: Int32Array;
  private readonly widths: Float32Array;
  private readonly heights: Float32Array;
  private readonly measured: Uint8Array;
  /** Rectangles of the labels shown so far in this pass: left, top, right, bottom. */
  private readonly rects: Float32Array;
  /** 1 shown, 0 hidden, 255 not decided yet. */
  private readonly shown: Uint8Array;

  constructor(
    readonly count: number,
    first = -1,
  ) {
    this.order = new Int32Array(count);
    let k = 0;
    if (first >= 0 && first < count) this.order[k++] = first;
    for (let i = 0; i < count; i++) if (i !== first) this.order[k++] = i;
    this.widths = new Float32Array(count);
    this.heights = new Float32Array(count);
    this.measured = new Uint8Array(count);
    this.rects = new Float32Array(count * 4);
    this.shown = new Uint8Array(count).fill(255);
  }

  /** A label's text changed (or all, without `index`): its size is read again on the next pass. */
  invalidate(index?: number): void {
    if (index === undefined) this.measured.fill(0);
    else this.measured[index] = 0;
  }

  /**
   * One pass. `at` holds each label's anchor (x, y in pixels: bottom centre; a y below -1000 is behind the camera);
   * labels are drawn with `translate(-50%, -100%)` from it.
   */
  update(nodes: readonly (HTMLElement | null)[], at: Float32Array): void {
    let kept = 0;
    for (let k = 0; k < this.count; k++) {
      const i = this.order[k]!;
      const node = nodes[i];
      if (!node) continue;
      if (!this.measured[i]) {
        // Layout is read only here: after a text change, and for hidden labels too (visibility keeps their size).
        this.widths[i] = node.offsetWidth;
        this.heights[i] = node.offsetHeight;
        this.measured[i] = 1;
      }
      const x = at[2 * i]!;
      const y = at[2 * i + 1]!;
      let show = y > -1000 && Number.isFinite(x);
      if (show) {
        const left = x - this.widths[i]! / 2 - MARGIN;
        const right = x + this.widths[i]! / 2 + MARGIN;
        const top = y - this.heights[i]! - MARGIN;
        const bottom = y + MARGIN;
        for (let j = 0; j < kept; j++) {
          const r = 4 * j;
          if (left < this.rects[r + 2]! && right > this.rects[r]! && top < this.rects[r + 3]! && bottom > this.rects[r + 1]!) {
            show = false;
            break;
          }
        }
        if (show) {
          const r = 4 * kept++;
          this.rects[r] = left;
          this.rects[r + 1] = top;
          this.rects[r + 2] = right;
          this.rects[r + 3] = bottom;
        }
      }
      const state = show ? 1 : 0;
      if (this.shown[i] !== state) {
        this.shown[i] = state;
        if (show) delete node.dataset.hidden;
        else node.dataset.hidden = 'overlap';
      }
    }
  }

  /** Whether label `index` is shown after the last pass. */
  isShown(index: number): boolean {
    return this.shown[index] === 1;
  }
}

/** What `PlantScene` takes as `compactLabels`. */
export const compactLabels = { shortLabel, LabelDeclutter };
export type CompactLabels = typeof compactLabels;
