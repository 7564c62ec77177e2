/** The accuracy-versus-ε sweep: target ε values, seeds per value, and the button that runs it. */
import { Field, NumberField } from '../shell/fields';
import type { LabConfig } from '../../state/lab-config';

export function SweepControls({
  config,
  update,
  busy,
  canRun,
  onRun,
}: {
  config: LabConfig;
  update: (patch: Partial<LabConfig>) => void;
  busy: boolean;
  canRun: boolean;
  onRun: () => void;
}) {
  return (
    <details className="sweep">
      <summary>Accuracy versus ε sweep</summary>
      {/* disabled as a group while a job runs (fieldset: every control inside, natively) */}
      <fieldset className="probe-controls" disabled={busy}>
        <Field
          label="Target ε values"
          name="Sweep target ε values"
          value={config.sweepEpsilons}
          onChange={(sweepEpsilons) => update({ sweepEpsilons })}
        />
        <NumberField
          label="Seeds per value"
          value={config.sweepSeeds}
          min={1}
          max={10}
          onChange={(sweepSeeds) => update({ sweepSeeds })}
        />
        <button type="button" disabled={!canRun} onClick={onRun}>
          Run sweep
        </button>
      </fieldset>
      <p className="note">
        One probe per target ε and seed, with the current encoder, C, batch size, epochs, optimizer and δ (σ
        is calibrated per value). The points appear on the accuracy-versus-ε plot with the spread over seeds.
        Choosing settings by looking at private test accuracy is itself not covered by ε.
      </p>
    </details>
  );
}
