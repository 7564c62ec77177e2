/**
 * Small form pieces shared by the panels: a labelled select, a labelled integer field, and a job's
 * pause/resume/stop buttons. Each control's accessible name is its `name` (default: its visible label).
 */
import type { ReactNode } from 'react';

export interface SelectOption<T extends string | number> {
  value: T;
  text: ReactNode;
  disabled?: boolean;
}

/** A labelled select over typed options (numbers stay numbers); `options` entries may be left out with false. */
export function SelectField<T extends string | number>(props: {
  label: ReactNode;
  /** The accessible name (default: the label, when it is text). */
  name?: string;
  value: T;
  options: readonly (SelectOption<T> | false | null | undefined)[];
  disabled?: boolean;
  onChange: (value: T) => void;
}) {
  const options = props.options.filter((o): o is SelectOption<T> => !!o);
  return (
    <label>
      <span>{props.label}</span>
      <select
        aria-label={props.name ?? (typeof props.label === 'string' ? props.label : undefined)}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => {
          const chosen = options.find((o) => String(o.value) === e.target.value);
          if (chosen) props.onChange(chosen.value);
        }}
      >
        {options.map((o) => (
          <option key={String(o.value)} value={o.value} disabled={o.disabled}>
            {o.text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A labelled integer input, clamped to [min, max] (invalid input becomes `min`). */
export function IntegerField(props: {
  label: string;
  /** The accessible name, when it differs from the visible label. */
  name?: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  disabled: boolean;
  onChange: (v: number) => void;
}) {
  const { label, min, max } = props;
  return (
    <label>
      <span>{label}</span>
      <input
        aria-label={props.name ?? label}
        type="number"
        min={min}
        max={max}
        step={props.step ?? 1}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) =>
          props.onChange(Math.max(min, Math.min(max, Math.trunc(Number(e.target.value)) || min)))
        }
      />
    </label>
  );
}

/** Pause (or Resume while paused) and Stop for a running job; `noun` names the job ("Pause attack"). */
export function JobButtons(props: {
  status: 'idle' | 'running' | 'paused';
  noun: string;
  onPause: () => void;
  onResume: () => void;
  onStop: () => void;
}) {
  const { status, noun } = props;
  return (
    <>
      {status === 'paused' ? (
        <button type="button" onClick={props.onResume}>
          Resume {noun}
        </button>
      ) : (
        <button type="button" disabled={status === 'idle'} onClick={props.onPause}>
          Pause {noun}
        </button>
      )}
      <button type="button" disabled={status === 'idle'} onClick={props.onStop}>
        Stop {noun}
      </button>
    </>
  );
}
