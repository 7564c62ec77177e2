/**
 * Small form pieces shared by the panels: a labelled input, select, number field and slider, and a job's
 * pause/resume/stop buttons. Each control's accessible name is its `name` (default: its visible label).
 */
import { type ReactNode, useId } from 'react';

/** The accessible name: the one given, else the label when it is plain text. */
const nameOf = (label: ReactNode, name?: string) => name ?? (typeof label === 'string' ? label : undefined);

/** A labelled input; `onChange` gets the text as typed (the caller parses and validates it). */
export function Field(props: {
  label: ReactNode;
  /** The accessible name (default: the label, when it is text). */
  name?: string;
  value: string | number;
  type?: 'text' | 'number';
  inputMode?: 'decimal' | 'numeric';
  min?: number;
  max?: number;
  step?: number | 'any';
  disabled?: boolean;
  /** The text is not taken (its message is shown beside it): marked for assistive technology. */
  invalid?: boolean;
  /** The id of the text that says more about the value (its message): read after the name. */
  describedBy?: string | undefined;
  onChange: (text: string) => void;
}) {
  return (
    <label>
      <span>{props.label}</span>
      <input
        aria-label={nameOf(props.label, props.name)}
        aria-describedby={props.describedBy}
        type={props.type ?? 'text'}
        inputMode={props.inputMode}
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        disabled={props.disabled}
        aria-invalid={props.invalid || undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

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
        aria-label={nameOf(props.label, props.name)}
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
export function NumberField(props: {
  label: string;
  /** The accessible name, when it differs from the visible label. */
  name?: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  /** (Or disabled with its group: a `<fieldset disabled>` around it.) */
  disabled?: boolean;
  onChange: (v: number) => void;
}) {
  const { min, max } = props;
  return (
    <Field
      label={props.label}
      {...(props.name ? { name: props.name } : {})}
      type="number"
      min={min}
      max={max}
      step={props.step ?? 1}
      value={props.value}
      disabled={props.disabled ?? false}
      onChange={(text) => props.onChange(Math.max(min, Math.min(max, Math.trunc(Number(text)) || min)))}
    />
  );
}

export interface SliderProps {
  /** The visible label and the range's accessible name (tests and scripts rely on it). */
  label: string;
  /** The value as shown beside the label: precise enough that one arrow-key step changes it. */
  shown: string;
  valueText?: string;
  min: number;
  max: number;
  step?: number;
  value: number;
  onChange: (value: number) => void;
  /** Set by something else (shown, not movable), and why, e.g. "set by the target ε". */
  setBy?: string;
}

/** A labelled range input with its value shown beside the label. */
export function Slider(props: SliderProps) {
  // The <output> sits outside the <label>: a label around both would name the output "Noise multiplier σ"
  // too (one accessible name per control). It is tied to the range by `htmlFor` instead.
  const id = useId();
  return (
    <div className="slider">
      <span>
        {/* not announced (an <output> is a live region): the range says its own value as it moves */}
        <label htmlFor={id}>{props.label}</label>{' '}
        <output htmlFor={id} aria-live="off">
          {props.shown}
        </output>
      </span>
      <input
        id={id}
        type="range"
        aria-label={props.label}
        aria-valuetext={props.valueText}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={props.value}
        disabled={props.setBy !== undefined}
        onChange={(e) => props.onChange(Number(e.target.value))}
      />
      {props.setBy && <small className="hint">{props.setBy}</small>}
    </div>
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
