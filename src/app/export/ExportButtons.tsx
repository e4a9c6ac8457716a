/**
 * Export buttons for a result: the table as CSV, the results with their reproduction record as JSON, the chart as PNG.
 * Each prop builds its file only when clicked; a missing prop hides its button.
 */
import { downloadCanvasPng, downloadCsv, downloadJson } from './download.ts';
import { exportTexts } from './texts.ts';
import { useTexts } from '../use-t.ts';

export interface ExportButtonsProps {
  /** File name without extension. */
  stem: string;
  csv?: () => string;
  json?: () => unknown;
  /** The chart's canvas (uPlot draws into one). */
  chart?: () => HTMLCanvasElement | null | undefined;
  disabled?: boolean;
}

export function ExportButtons({ stem, csv, json, chart, disabled }: ExportButtonsProps) {
  const t = useTexts(exportTexts);
  return (
    <div className="export-buttons" role="group">
      {csv && (
        <button type="button" data-testid="export-csv" title={t('csvTitle')} disabled={disabled} onClick={() => downloadCsv(csv(), `${stem}.csv`)}>
          {t('csv')}
        </button>
      )}
      {json && (
        <button type="button" data-testid="export-json" title={t('jsonTitle')} disabled={disabled} onClick={() => downloadJson(json(), `${stem}.json`)}>
          {t('json')}
        </button>
      )}
      {chart && (
        <button
          type="button"
          data-testid="export-png"
          title={t('pngTitle')}
          disabled={disabled}
          onClick={() => {
            const canvas = chart();
            if (canvas) void downloadCanvasPng(canvas, `${stem}.png`);
          }}
        >
          {t('png')}
        </button>
      )}
    </div>
  );
}
