/**
 * The KPI definitions (`kpi-definitions.ts`, both languages, about 5 kB gzip) for the cards, loaded just after the
 * first frame rather than with it (the initial-JS budget): a card shows its definition once they have arrived.
 */
import { useEffect, useState } from 'react';

type Definitions = typeof import('./kpi-definitions.ts');

let definitions: Definitions | undefined;
let loading: Promise<Definitions> | undefined;

export function useKpiDefinitions(): Definitions | undefined {
  const [loaded, setLoaded] = useState(definitions);
  useEffect(() => {
    if (loaded) return;
    let mounted = true;
    loading ??= import('./kpi-definitions.ts');
    void loading.then((module) => {
      definitions = module;
      if (mounted) setLoaded(module);
    });
    return () => {
      mounted = false;
    };
  }, [loaded]);
  return loaded;
}
