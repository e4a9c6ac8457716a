/** Texts of the grouped KPI cards, in English and Simplified Chinese. */
import { defineTexts } from '../i18n.ts';

export const kpiTexts = defineTexts(
  {
    lead: 'Survey KPIs, with the change against L1',
    'group.oee': 'Equipment and OEE',
    'group.energy': 'Energy',
    'group.quality': 'Quality',
    'group.flow': 'Flow and delivery',
    'group.cost': 'Cost of the level and of development',
    'group.control': 'Process control',
    'group.learning': 'Learning (L3 controllers)',
    'group.other': 'Other',
    definition: 'Definition',
    'def.kpi':
      'Key performance indicator, computed from what the simulation did (counters, meters and timers in the run). Hover or focus a name for its formula.',
    'def.unit': 'The unit the model reports the KPI in.',
    'def.mean': 'Mean over the replications (one per seed) ± the half-width of its 95 % confidence interval (Student t).',
    'def.delta': 'Change from L1, in percent, paired by seed (the same random numbers at both levels), with its 95 % confidence interval.',
  },
  {
    lead: '调查指标（相对 L1 的变化）',
    'group.oee': '设备与 OEE',
    'group.energy': '能源',
    'group.quality': '质量',
    'group.flow': '物流与交付',
    'group.cost': '本级投入与开发成本',
    'group.control': '过程控制',
    'group.learning': '学习（L3 控制器）',
    'group.other': '其他',
    definition: '定义',
    'def.kpi': '关键绩效指标，由仿真实际发生的情况（运行中的计数器、计量表与计时器）算得。悬停或聚焦名称可看公式。',
    'def.unit': '模型报告该指标所用的单位。',
    'def.mean': '各次重复（每个随机种子一次）的均值 ± 95% 置信区间半宽（t 分布）。',
    'def.delta': '相对 L1 的变化百分比，按种子配对（两个级别使用相同随机数），附 95% 置信区间。',
  },
);
