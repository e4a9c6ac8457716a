/**
 * An error boundary per view: a view that throws while rendering shows what went wrong and a Retry button, instead of
 * unmounting the whole app (the header, the other views and the live twin's run stay). Retry mounts the view afresh;
 * a chunk that failed to load is fetched again (`lazyWithRetry` reads the attempt from `RetryGeneration`).
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { RetryGeneration } from './lazy-retry.ts';

interface Props {
  /** The view's id, for the test id and the console. */
  view: string;
  /** A small inline notice (for the pieces loaded after the first frame) rather than a banner. */
  compact?: boolean;
  /** "This view failed", in the user's language. */
  failed: string;
  retry: string;
  children: ReactNode;
}

interface State {
  error?: Error;
  /** Bumped by Retry, so that the children mount again from scratch. */
  attempt: number;
}

export class ViewErrorBoundary extends Component<Props, State> {
  override state: State = { attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`view ${this.props.view} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error, attempt } = this.state;
    if (error) {
      return (
        <div className={this.props.compact ? 'error compact' : 'error'} role="alert" data-testid={`view-error-${this.props.view}`}>
          {this.props.failed}: {error.message || error.name}{' '}
          <button data-testid={`view-retry-${this.props.view}`} onClick={() => this.setState({ error: undefined, attempt: attempt + 1 })}>
            {this.props.retry}
          </button>
        </div>
      );
    }
    return (
      <RetryGeneration.Provider key={attempt} value={attempt}>
        {this.props.children}
      </RetryGeneration.Provider>
    );
  }
}
