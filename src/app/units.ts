/**
 * Units as shown to the user: the models' units are English abbreviations (`jobs/h`, `CNY/unit`); in Chinese mode
 * the word-like ones are translated and the symbols (%, K, °C, mol/L, m³/h, GJ) stay.
 */
import type { Language } from './i18n.ts';

const ZH: Readonly<Record<string, string>> = {
  'jobs/h': '件/小时',
  jobs: '件',
  'units/h': '件/小时',
  'units/day': '件/天',
  'units/labour-h': '件/工时',
  'units/machine-h': '件/台时',
  units: '件',
  'CNY/unit': '元/件',
  'kWh/unit': '千瓦时/件',
  'kWh/day': '千瓦时/天',
  'kWh/day non-cutting': '千瓦时/天（非切削）',
  h: '小时',
  'h/day': '小时/天',
  'h/day lost': '小时/天（损失）',
  'h/day stock-out': '小时/天（缺料）',
  min: '分钟',
  minute: '分钟',
  minutes: '分钟',
  hour: '小时',
  hours: '小时',
  s: '秒',
  second: '秒',
  seconds: '秒',
  day: '天',
  days: '天',
  trials: '次',
  count: '次',
  '1/d': '次/天',
  'per 30 d': '次/30 天',
  '$/t': '美元/吨',
  '$/h': '美元/小时',
  't/h': '吨/小时',
  't/GJ': '吨/GJ',
  t: '吨',
  k$: '千美元',
  'GJ/t': 'GJ/吨',
  'K h/d': 'K·小时/天',
  'mol %': '摩尔 %',
  '% reward': '%（回报）',
  '% drift defects': '%（漂移缺陷）',
};

export function measureUnit(language: Language, unit: string): string {
  return language === 'zh' ? (ZH[unit] ?? unit) : unit;
}
