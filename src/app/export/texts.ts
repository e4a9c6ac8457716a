/** Texts of the export buttons, in English and Simplified Chinese. */
import { defineTexts } from '../i18n.ts';

export const exportTexts = defineTexts(
  {
    csv: 'Export CSV',
    json: 'Export JSON',
    png: 'Export PNG',
    csvTitle: 'Download the table as CSV',
    jsonTitle: 'Download the results as JSON, with what reproduces them (model, parameters, levels, seeds, version)',
    pngTitle: 'Download the chart as a PNG image',
  },
  {
    csv: '导出 CSV',
    json: '导出 JSON',
    png: '导出 PNG',
    csvTitle: '将表格下载为 CSV',
    jsonTitle: '将结果下载为 JSON，并记录复现所需的信息（模型、参数、层级、种子、版本）',
    pngTitle: '将图表下载为 PNG 图片',
  },
);
