/**
 * A term with its definition shown on hover or keyboard focus (a KPI's name in a table, a column header): the same
 * tooltip as the KPI cards, for tables.
 */
import type { ReactNode } from 'react';
import type { KpiDefinition } from '../../core/experiment/kpi.ts';
import { kpiName, type Language } from '../i18n.ts';
import { kpiDefinition, type PlantFamily } from './kpi-definitions.ts';

export function Term({ id, text, definition }: { id: string; text: ReactNode; definition: string | undefined }) {
  if (!definition) return <>{text}</>;
  return (
    <span className="term" tabIndex={0} aria-describedby={id}>
      {text}
      <span className="kpi-definition" role="tooltip" id={id} data-testid={id}>
        {definition}
      </span>
    </span>
  );
}

/** A KPI's name with its definition, for the rows of KPI tables. */
export function KpiTerm({ kpi, language, family, idPrefix }: { kpi: KpiDefinition; language: Language; family: PlantFamily; idPrefix: string }) {
  return (
    <Term
      id={`${idPrefix}-definition-${kpi.key}`}
      text={kpiName(language, kpi.key, kpi.label)}
      definition={kpiDefinition(language, family, kpi.key, kpi.unit)}
    />
  );
}
