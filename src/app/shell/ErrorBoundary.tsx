/**
 * One per pipeline step: an error while rendering a step shows the error and a way to recover in that step's
 * card; the other steps keep working. "Reset stored runs" clears the runs, sweeps, attack results and t-SNE map
 * kept in this browser (a bad stored record is the one error that would otherwise come back on every load).
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { clearStoredRuns } from '../probe/run-store';
import { clearStoredSweeps } from '../probe/sweep-store';
import { clearStoredAudits } from '../audit/audit-store';
import { clearTsneMap } from '../embeddings/tsne-store';

interface State {
  error: Error | null;
  note: string | null;
}

export class StepErrorBoundary extends Component<{ step: string; children: ReactNode }, State> {
  override state: State = { error: null, note: null };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`${this.props.step} failed:`, error, info.componentStack);
  }

  override render() {
    const { error, note } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="banner bad" role="alert">
        <p>
          {this.props.step} stopped with an error: <code>{error.message}</code>. The other steps still work.
        </p>
        <div className="buttons">
          <button type="button" onClick={() => this.setState({ error: null, note: null })}>
            Try again
          </button>
          <button
            type="button"
            onClick={() =>
              // the page's run list lives above this boundary: reload, so nothing in memory writes them back
              void Promise.all([
                clearStoredRuns(),
                clearStoredSweeps(),
                clearStoredAudits(),
                clearTsneMap(),
              ]).then(
                () => window.location.reload(),
                (e: Error) => this.setState({ note: `Could not reset stored runs: ${e.message}` }),
              )
            }
          >
            Reset stored runs
          </button>
        </div>
        {note && <p>{note}</p>}
      </div>
    );
  }
}
