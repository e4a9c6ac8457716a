/**
 * `React.lazy` that can be retried. `lazy()` keeps the rejected promise of a chunk that failed to load (offline, or a
 * redeploy removed the old chunk), so an error boundary's Retry would only re-throw the same error. A component made
 * here forgets a failed load: when the boundary's Retry mounts it again it starts a fresh import of the same URL
 * (today's Chromium fetches a failed module again; the browser test counts the requests). A browser that keeps the
 * failure in its module map fails that import at once; then the chunk is asked for with a `?retry=N` query, a URL it
 * has not failed on (the URL the failed import names in its message). The chunk's own static imports keep their URLs:
 * they are shared with the rest of the app.
 */
import { createContext, createElement, lazy, useContext, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * How many times the enclosing error boundary has retried (`ViewErrorBoundary` provides it). A failed load starts
 * again only when this changed since the load began: React renders a suspended component once more when its load
 * settles, and that render must show the error, not start another import.
 */
export const RetryGeneration = createContext(0);

/** The chunk a failed dynamic import names (Chromium: "Failed to fetch dynamically imported module: URL"; Firefox alike). */
export function failedModuleUrl(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const match = /imported module:?\s+(\S+)/i.exec(message);
  return match?.[1];
}

/** `url` with `retry=attempt` in its query, replacing an earlier attempt's. */
export function retryUrl(url: string, attempt: number): string {
  const [path, hash = ''] = url.split('#', 2) as [string, string?];
  const [base, query = ''] = path.split('?', 2) as [string, string?];
  const params = query.split('&').filter((p) => p !== '' && !p.startsWith('retry='));
  params.push(`retry=${attempt}`);
  return `${base}?${params.join('&')}${hash ? `#${hash}` : ''}`;
}

/**
 * A lazily loaded component whose failed load is retried on the next mount. `load` is the bundler-visible
 * `import('./X.tsx')` (so the chunk is split and preloaded as usual); `pick` takes the component out of the module.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyWithRetry<M, P extends object = any>(load: () => Promise<M>, pick: (module: M) => ComponentType<P>): ComponentType<P> {
  let attempt = 0;
  let failed = false;
  const start = (): Promise<{ default: ComponentType<P> }> => {
    const retrying = attempt;
    const module = load().catch((error: unknown) => {
      // A browser that remembers the failed fetch fails again at once: ask for the chunk under a URL it has not seen.
      const url = retrying > 0 ? failedModuleUrl(error) : undefined;
      if (!url) throw error;
      return import(/* @vite-ignore */ retryUrl(url, retrying)) as Promise<M>;
    });
    return module.then(
      (m) => ({ default: pick(m) }),
      (error: unknown) => {
        failed = true;
        throw error;
      },
    );
  };
  let current: LazyExoticComponent<ComponentType<P>> = lazy(start);
  let startedAt = 0;
  function Retryable(props: P) {
    const generation = useContext(RetryGeneration);
    if (failed && generation !== startedAt) {
      // Mounted again by the error boundary's Retry after a failure: a fresh lazy component, so a fresh import.
      failed = false;
      startedAt = generation;
      attempt++;
      current = lazy(start);
    }
    return createElement(current as ComponentType<P>, props);
  }
  return Retryable;
}
