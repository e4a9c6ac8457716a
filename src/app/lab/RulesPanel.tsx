/**
 * The lab's rules of one's own (write, check as you type, name, save, run) and its leaderboard (built-in rules, saved
 * rules, the learned dispatcher and tabu search over a group of instances). The rule is compiled here only to say at
 * once whether it is valid; runs compile it again in the worker.
 */
import { useMemo, useState } from 'react';
import { compileRule, RULE_FEATURE_NAMES, RULE_FUNCTIONS, RuleSyntaxError } from '../../core/scheduling/expression.ts';
import { checkWeights } from '../../core/scheduling/learned.ts';
import { RULE_NAMES, type RuleName } from '../../core/scheduling/rules.ts';
import type { Contestant } from '../../core/scheduling/leaderboard.ts';
import weightsJson from '../../core/scheduling/dispatcher-weights.json';
import { fill } from '../i18n.ts';
import { useTexts } from '../use-t.ts';
import { BOARD_GROUPS, boardRows, runLeaderboard, stopLeaderboard, useBoard } from './board-store.ts';
import { startRun, useLab } from './lab-store.ts';
import { deleteRule, saveRule, useSavedRules } from './rules-store.ts';
import { runPlantWithRule } from './in-plant.ts';
import type { SavedRule } from './saved-rule.ts';
import { featureTexts, labTexts, ownRuleTexts, ruleTexts, trainTexts } from './texts.ts';
import { useTraining } from './train-store.ts';

/** The rule's problem, if any: the message and, for a syntax error, the column. */
function ruleProblem(expression: string): { message: string; column?: number } | undefined {
  if (expression.trim() === '') return undefined;
  try {
    compileRule(expression);
    return undefined;
  } catch (error) {
    if (error instanceof RuleSyntaxError) return { message: error.reason, ...(error.column !== undefined ? { column: error.column } : {}) };
    return { message: error instanceof Error ? error.message : String(error) };
  }
}

export function OwnRulePanel() {
  const t = useTexts(ownRuleTexts);
  const f = useTexts(featureTexts);
  const instance = useLab((s) => s.instance);
  const saved = useSavedRules((s) => s.rules);
  const [name, setName] = useState('');
  const [expression, setExpression] = useState('p / remaining_work');
  const [highestFirst, setHighestFirst] = useState(false);
  const problem = useMemo(() => ruleProblem(expression), [expression]);
  const valid = expression.trim() !== '' && problem === undefined;
  const rule: SavedRule = { name: name.trim() || expression.trim(), expression, highestFirst };
  const edit = (r: SavedRule) => {
    setName(r.name);
    setExpression(r.expression);
    setHighestFirst(r.highestFirst);
  };
  return (
    <section className="lab-panel own-rule" aria-label={t('ownRules')}>
      <h3>{t('ownRules')}</h3>
      <p className="hint">{t('ownRulesHint')}</p>
      <label>
        {t('ruleName')}
        <input type="text" data-testid="rule-name" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('ruleExpression')}
        <input
          type="text"
          className="rule-input"
          data-testid="rule-input"
          spellCheck={false}
          value={expression}
          aria-invalid={problem !== undefined}
          onChange={(e) => setExpression(e.target.value)}
        />
      </label>
      <label>
        <input type="checkbox" data-testid="rule-highest" checked={highestFirst} onChange={(e) => setHighestFirst(e.target.checked)} />
        {t('highestFirst')}
      </label>
      {problem ? (
        <div className="rule-error" role="alert" data-testid="rule-error" data-column={problem.column ?? ''}>
          {fill(t('ruleError'), { message: problem.message })}
          {problem.column !== undefined && (
            <pre>
              {expression}
              {'\n'}
              {' '.repeat(problem.column - 1)}^
            </pre>
          )}
        </div>
      ) : (
        valid && <p className="hint">{t('ruleOk')}</p>
      )}
      <div className="rule-buttons">
        <button data-testid="rule-run" disabled={!valid || !instance} onClick={() => startRun('own', 0, { kind: 'iterations', value: 1 }, rule)}>
          {t('runRule')}
        </button>
        <button
          data-testid="rule-in-plant"
          disabled={!valid}
          title={t('inPlantHint')}
          onClick={() => void runPlantWithRule({ expression: rule.expression, highestFirst: rule.highestFirst }, rule.name)}
        >
          {t('inPlant')}
        </button>
        <button
          data-testid="rule-save"
          disabled={!valid || name.trim() === ''}
          title={name.trim() === '' ? t('needName') : ''}
          onClick={() => saveRule({ ...rule, name: name.trim() })}
        >
          {t('saveRule')}
        </button>
      </div>
      <details>
        <summary>{t('features')}</summary>
        <dl className="rule-features">
          {RULE_FEATURE_NAMES.map((feature) => (
            <div key={feature}>
              <dt>
                <code>{feature}</code>
              </dt>
              <dd>{f(feature)}</dd>
            </div>
          ))}
        </dl>
        <p className="hint">{fill(t('functions'), { list: RULE_FUNCTIONS.join(', ') })}</p>
      </details>
      <h4>{t('savedRules')}</h4>
      {saved.length === 0 ? (
        <p className="hint">{t('noSavedRules')}</p>
      ) : (
        <ul className="saved-rules">
          {saved.map((r) => (
            <li key={r.name} data-testid="saved-rule" data-name={r.name} data-expression={r.expression}>
              <strong>{r.name}</strong> <code>{r.expression}</code>
              {r.highestFirst && ` (${t('highestFirst')})`} <button onClick={() => edit(r)}>{t('edit')}</button>{' '}
              <button disabled={!instance} onClick={() => startRun('own', 0, { kind: 'iterations', value: 1 }, r)}>
                {t('runRule')}
              </button>{' '}
              <button onClick={() => deleteRule(r.name)}>{t('remove')}</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const DEFAULT_RULES: readonly RuleName[] = ['fifo', 'spt', 'mwkr', 'mor'];
const shippedWeights = checkWeights(weightsJson, 'dispatcher-weights.json');

function useContestantLabel(): (c: Contestant) => string {
  const t = useTexts(ownRuleTexts);
  const lab = useTexts(labTexts);
  const r = useTexts(ruleTexts);
  const tr = useTexts(trainTexts);
  return (c) => {
    switch (c.kind) {
      case 'rule':
        return r(c.rule);
      case 'expression':
        return `${c.name}: ${c.expression}${c.highestFirst ? ` (${t('highestFirst')})` : ''}`;
      case 'learned':
        return c.name === 'trained' ? tr('trainedName') : lab('rl');
      case 'tabu':
        return fill(t('tabuLabel'), { iterations: c.iterations });
    }
  };
}

export function LeaderboardPanel() {
  const t = useTexts(ownRuleTexts);
  const r = useTexts(ruleTexts);
  const lab = useTexts(labTexts);
  const label = useContestantLabel();
  const saved = useSavedRules((s) => s.rules);
  const board = useBoard();
  const [group, setGroup] = useState('ta01-10');
  const [rules, setRules] = useState<ReadonlySet<RuleName>>(new Set(DEFAULT_RULES));
  const [skipped, setSkipped] = useState<ReadonlySet<string>>(new Set());
  const [learned, setLearned] = useState(true);
  const trained = useTraining((s) => s.trained);
  const [useTrained, setUseTrained] = useState(true);
  const tr = useTexts(trainTexts);
  const [tabu, setTabu] = useState(true);
  const [tabuIterations, setTabuIterations] = useState(2000);
  const toggle = <T,>(set: ReadonlySet<T>, value: T, on: boolean): ReadonlySet<T> => {
    const next = new Set(set);
    if (on) next.add(value);
    else next.delete(value);
    return next;
  };
  const contestants: Contestant[] = [
    ...RULE_NAMES.filter((rule) => rules.has(rule)).map((rule): Contestant => ({ kind: 'rule', rule })),
    ...saved
      .filter((s) => !skipped.has(s.name))
      .map((s): Contestant => ({ kind: 'expression', name: s.name, expression: s.expression, highestFirst: s.highestFirst })),
    ...(learned ? [{ kind: 'learned', name: 'shipped', weights: shippedWeights } as const] : []),
    ...(trained && useTrained ? [{ kind: 'learned', name: 'trained', weights: trained } as const] : []),
    ...(tabu ? [{ kind: 'tabu', iterations: tabuIterations, seed: 1 } as const] : []),
  ];
  const running = board.status === 'running' || board.status === 'loading';
  const rows = boardRows(board.entries);
  const statusText = { idle: '', loading: t('boardLoading'), running: t('boardRunning'), done: t('boardDone'), stopped: t('boardStopped') }[board.status];
  return (
    <section className="lab-panel lab-board" aria-label={t('leaderboard')}>
      <h3>{t('leaderboard')}</h3>
      <p className="hint">{t('leaderboardHint')}</p>
      <div className="board-controls">
        <label>
          {t('group')}
          <select data-testid="board-group" value={group} onChange={(e) => setGroup(e.target.value)}>
            {BOARD_GROUPS.map((g) => (
              <option key={g.label} value={g.label}>
                {g.label} ({g.names.length})
              </option>
            ))}
          </select>
        </label>
        <fieldset className="board-contestants">
          <legend>{t('contestants')}</legend>
          {RULE_NAMES.filter((rule) => rule !== 'random').map((rule) => (
            <label key={rule}>
              <input
                type="checkbox"
                data-testid={`board-rule-${rule}`}
                checked={rules.has(rule)}
                onChange={(e) => setRules(toggle(rules, rule, e.target.checked))}
              />
              {r(rule).split(':')[0]}
            </label>
          ))}
          {saved.map((s) => (
            <label key={s.name}>
              <input
                type="checkbox"
                data-testid="board-own-rule"
                data-name={s.name}
                checked={!skipped.has(s.name)}
                onChange={(e) => setSkipped(toggle(skipped, s.name, !e.target.checked))}
              />
              {s.name}
            </label>
          ))}
          <label>
            <input type="checkbox" data-testid="board-learned" checked={learned} onChange={(e) => setLearned(e.target.checked)} />
            {lab('rl')}
          </label>
          {trained && (
            <label>
              <input type="checkbox" data-testid="board-trained" checked={useTrained} onChange={(e) => setUseTrained(e.target.checked)} />
              {tr('trainedName')}
            </label>
          )}
          <label>
            <input type="checkbox" data-testid="board-tabu" checked={tabu} onChange={(e) => setTabu(e.target.checked)} />
            {t('tabuIterations')}
            <input
              type="number"
              data-testid="board-tabu-iterations"
              min={1}
              value={tabuIterations}
              onChange={(e) => setTabuIterations(Math.max(1, Math.floor(Number(e.target.value)) || 1))}
            />
          </label>
        </fieldset>
        <button data-testid="board-run" disabled={contestants.length === 0} onClick={() => void runLeaderboard(group, contestants)}>
          {t('runBoard')}
        </button>
        {running && (
          <button data-testid="board-stop" onClick={stopLeaderboard}>
            {t('stopBoard')}
          </button>
        )}
        <span className="hint" aria-live="polite">
          {statusText}
        </span>
      </div>
      {board.entries.length > 0 && (
        <table className="runs-table" data-testid="leaderboard" data-status={board.status} data-group={board.group}>
          <thead>
            <tr>
              <th>{t('colRank')}</th>
              <th>{t('colContestant')}</th>
              <th>{t('colMeanGap')}</th>
              <th>{t('colCi')}</th>
              <th>{t('colDone')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr
                key={row.key}
                data-testid="leaderboard-row"
                data-key={row.key}
                data-mean={String(row.meanGap)}
                data-ci={String(row.ci95)}
                data-count={row.count}
              >
                <td className="num">{row.entry.error === undefined ? i + 1 : '–'}</td>
                <td>{label(row.entry.contestant)}</td>
                <td className="num">
                  {row.entry.error !== undefined
                    ? fill(t('boardFailed'), { message: row.entry.error })
                    : Number.isFinite(row.meanGap)
                      ? row.meanGap.toFixed(2)
                      : '–'}
                </td>
                <td className="num">{Number.isFinite(row.ci95) ? `± ${row.ci95.toFixed(2)}` : '–'}</td>
                <td className="num">
                  {row.count} / {board.instances.length}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
