/** Run controls shared by the live twin and the paradigm comparison: speed and seed. */
import { SPEEDS } from './speeds.ts';
import { useT } from './use-t.ts';

export function SpeedSelect({ testId, value, onChange }: { testId: string; value: number; onChange: (factor: number) => void }) {
  const t = useT();
  return (
    <label>
      {t('speed')}
      <select data-testid={testId} value={String(value)} onChange={(e) => onChange(Number(e.target.value))}>
        {SPEEDS.map((s) => (
          <option key={s} value={String(s)}>
            {s === Infinity ? t('asFastAsPossible') : s === 1 ? `1× (${t('realTime')})` : `${s.toLocaleString('en')}×`}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A seed: a positive whole number; other input is ignored until it is one. */
export function SeedInput({ testId, value, onChange }: { testId: string; value: number; onChange: (seed: number) => void }) {
  const t = useT();
  return (
    <label>
      {t('seed')}
      <input
        data-testid={testId}
        type="number"
        min={1}
        step={1}
        value={value}
        onChange={(e) => {
          const seed = Number(e.target.value);
          if (Number.isSafeInteger(seed) && seed > 0) onChange(seed);
        }}
      />
    </label>
  );
}
