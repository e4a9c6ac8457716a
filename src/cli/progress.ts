/**
 * A progress bar on stderr for long runs. Wall-clock pacing lives here, outside the kernel: the experiment runner
 * reports a fraction between slices, and the bar repaints at most every 100 ms, only on a terminal, and only once a
 * run has lasted long enough to be worth watching.
 */
export function progressBar(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): {
  update(fraction: number): void;
  done(): void;
} {
  const enabled = stream.isTTY === true && !process.env.CI;
  const started = performance.now();
  let lastPaint = 0;
  let painted = false;
  const width = 30;
  return {
    update(fraction: number) {
      if (!enabled) return;
      const now = performance.now();
      if (now - started < 300 || now - lastPaint < 100) return;
      lastPaint = now;
      painted = true;
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
      const elapsed = (now - started) / 1000;
      const eta = fraction > 0 ? elapsed * (1 / fraction - 1) : NaN;
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%` +
          `  ${elapsed.toFixed(1)} s${Number.isFinite(eta) ? `, ~${eta.toFixed(0)} s left` : ''}   `,
      );
    },
    done() {
      if (painted) stream.write('\r\x1b[2K');
    },
  };
}
