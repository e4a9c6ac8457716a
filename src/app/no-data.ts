/**
 * "No data: <reason>" in the user's language. The core words its reasons in English (they go into JSON and the CLI's
 * tables); the reasons the shipped models give are translated here, and a reason without a translation is left out in
 * Chinese rather than shown in English.
 */
import { translate, type Language } from './i18n.ts';

// Speed trick: the Chinese reasons load just after the first frame (they are not needed to draw it); until then a
// Chinese card says only "no data", never an English reason.
let ZH_REASONS: Readonly<Record<string, string>> = {};
export const reasonTranslationsLoaded: Promise<void> = import('./no-data-zh.ts').then((m) => {
  ZH_REASONS = m.ZH_REASONS;
});

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
