/** Every text of Shadow mode (the Shadow panel and the KPI chart's forecast band), in English and Simplified Chinese. */
import { defineTexts } from '../i18n.ts';

export const shadowTexts = defineTexts(
  {
    title: 'Shadow',
    noModel: 'Shadow: no model file for node {node} in this app.',
    chartSeries: 'this shift’s output so far',
    legendRealised: 'realised output this shift',
    legendBand: 'forecast of the shift’s output, 95 % interval',
    legendMean: 'forecast mean',
    legendEnd: 'realised at the shift end',
    chartHint: 'Each band is drawn from the instant the twin forecast (mid-shift) to the shift end it is for.',
    forecasts: 'Shift output forecast (95 % interval) vs realised',
    until: 'until {t} h',
    discrepancies: 'Model vs data (! = the 95 % interval excludes the model’s value)',
    model: 'model',
    decisions: 'Decisions sent to the plant (also in the event log)',
    flags: '{n} stream flag(s) (gaps, deaths, bad data)',
    // The event log's entry for a decision sent (dashboard/EventLog.tsx).
    logSent: 'twin sent',
    logReason: 'why',
  },
  {
    title: '数字影子',
    noModel: '数字影子：本应用中没有节点 {node} 的模型文件。',
    chartSeries: '本班次至今产出',
    legendRealised: '本班次实际产出',
    legendBand: '班次产出预测，95 % 区间',
    legendMean: '预测均值',
    legendEnd: '班次结束时的实际值',
    chartHint: '每条预测带从孪生体作出预测的时刻（班次中点）画到所预测的班次结束时刻。',
    forecasts: '班次产出预测（95 % 区间）与实际值',
    until: '至 {t} 小时',
    discrepancies: '模型与数据对比（! = 95 % 区间不含模型值）',
    model: '模型',
    decisions: '发送给工厂的决策（也列在事件日志中）',
    flags: '{n} 个数据流标记（缺号、掉线、坏数据）',
    logSent: '孪生体已发送',
    logReason: '依据',
  },
);
