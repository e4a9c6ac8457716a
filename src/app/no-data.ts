/**
 * "No data: <reason>" in the user's language. The core words its reasons in English (they go into JSON and the CLI's
 * tables); the reasons the shipped models give are translated here, and a reason without a translation is left out in
 * Chinese rather than shown in English.
 */
import { GENERIC_NO_DATA } from '../core/experiment/kpi-value.ts';
import { translate, type Language } from './i18n.ts';

const ZH_REASONS: Readonly<Record<string, string>> = {
  [GENERIC_NO_DATA]: '尚无运行给出该值',
  'the value overflowed (not a finite number)': '数值溢出（非有限数）',
  'the L1 value is 0, so a percent change is undefined': 'L1 的值为 0，百分比变化无定义',
  'no simulated time after the warmup yet': '预热期后尚无模拟时间',
  'no simulated time after the warm-up yet': '预热期后尚无模拟时间',
  'no job left the line after the warmup yet': '预热期后尚无工件离开产线',
  'no good housing shipped after the warm-up yet': '预热期后尚无合格外壳出货',
  'no housing machined after the warm-up yet': '预热期后尚无外壳加工完成',
  'no order completed yet': '尚无订单完成',
  'no order due yet': '尚无订单到期',
  'no new variant released and qualified yet': '尚无新品发布并达标',
  'no CNC failure yet': '尚无 CNC 故障',
  'no CNC repair finished yet': '尚无 CNC 维修完成',
  'that week of the run has not ended yet': '该周尚未结束',
  'no on-spec product after the warm-up yet': '预热期后尚无合格产品',
  'no reactant consumed after the warm-up yet': '预热期后尚无反应物消耗',
  'no product made after the warm-up yet': '预热期后尚无产品',
  'no grade change yet': '尚无牌号切换',
  'the new grade has not been released yet': '新牌号尚未发布',
};

/** The reason in the user's language, or undefined where Chinese has no translation for it. */
export function noDataReason(language: Language, reason: string): string | undefined {
  if (language === 'en') return reason;
  const own = Object.hasOwn(ZH_REASONS, reason) ? ZH_REASONS[reason] : undefined;
  if (own !== undefined) return own;
  // "<reason> (in k of n runs)": the reason translated, the count kept.
  const partial = /^(.*) \(in (\d+) of (\d+) runs\)$/.exec(reason);
  if (partial && Object.hasOwn(ZH_REASONS, partial[1]!)) return `${ZH_REASONS[partial[1]!]}（${partial[3]} 次运行中的 ${partial[2]} 次）`;
  return undefined;
}

/** "No data: <reason>" (or just "no data" where the reason has no translation). */
export function noDataLabel(language: Language, reason: string): string {
  const label = translate(language, 'noData');
  const text = noDataReason(language, reason);
  return text === undefined ? label : language === 'zh' ? `${label}：${text}` : `${label}: ${text}`;
}
