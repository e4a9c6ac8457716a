/**
 * Saving results from the browser: a table as CSV or JSON, a chart as PNG. The browser decides where the file goes
 * (a download); nothing leaves the machine.
 */

/** Offers `blob` as a download named `filename`. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers start reading the URL only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(text: string, filename: string, type: string): void {
  downloadBlob(new Blob([text], { type }), filename);
}

export function downloadJson(value: unknown, filename: string): void {
  downloadText(JSON.stringify(value, null, 2) + '\n', filename, 'application/json');
}

export function downloadCsv(csv: string, filename: string): void {
  downloadText(csv, filename, 'text/csv');
}

/**
 * A chart's canvas as PNG. uPlot draws on a transparent canvas; it is composed on `background` first so the image reads
 * the same outside the app's dark page.
 */
export function canvasPng(canvas: HTMLCanvasElement, background = '#15181d'): Promise<Blob> {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const context = copy.getContext('2d');
  if (!context) return Promise.reject(new Error('no 2D canvas context to draw the chart image'));
  context.fillStyle = background;
  context.fillRect(0, 0, copy.width, copy.height);
  context.drawImage(canvas, 0, 0);
  return new Promise((resolve, reject) =>
    copy.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the chart could not be encoded as PNG'))), 'image/png'),
  );
}

export async function downloadCanvasPng(canvas: HTMLCanvasElement, filename: string): Promise<void> {
  downloadBlob(await canvasPng(canvas), filename);
}

/** A file name from free text: `3C housing machining plant` -> `3c-housing-machining-plant`. */
export function fileStem(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'fabtwin'
  );
}
