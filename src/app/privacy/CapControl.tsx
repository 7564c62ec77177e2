/**
 * Step 5's cap on the ε that all runs on the current private dataset may spend together: a privacy filter
 * (src/lib/privacy/filter.ts) that step 3 and the sweep check before each run is charged.
 */
import { useState } from 'react';
import type { DatasetSpent } from '../../lib/dp/dataset-ledger';
import type { LabConfig } from '../../state/lab-config';
import { fmt } from '../shell/format';
import { capNumber } from './cap-note';

/** The cap a newly ticked box sets (a commonly used moderate budget; the field changes it). */
const FIRST_CAP = 8;

export function CapControl(props: {
  cap: number | null;
  update: (patch: Partial<LabConfig>) => void;
  /** The cap as a filter (its order), with what this data has used of it there; null with no cap. */
  filter: DatasetSpent['cap'];
}) {
  const { cap, update } = props;
  // the field's text (it may be mid-edit, e.g. "0."); a valid positive number sets the cap
  const [text, setText] = useState(String(cap ?? FIRST_CAP));
  const [shown, setShown] = useState(cap);
  if (shown !== cap) {
    // the cap changed elsewhere (a link, another control): show it
    setShown(cap);
    if (cap !== null) setText(String(cap));
  }
  const typed = Number(text);
  const valid = text.trim() !== '' && Number.isFinite(typed) && typed > 0;
  return (
    <div className="cap">
      <div className="cap-row">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={cap !== null}
            onChange={(e) => update({ privacyCap: e.target.checked ? (valid ? typed : FIRST_CAP) : null })}
          />
          <span>Cap this data&apos;s total ε at</span>
        </label>
        <input
          aria-label="Cap on this data's ε"
          inputMode="decimal"
          value={text}
          disabled={cap === null}
          aria-invalid={!valid}
          onChange={(e) => {
            setText(e.target.value);
            const v = Number(e.target.value);
            if (e.target.value.trim() !== '' && Number.isFinite(v) && v > 0) update({ privacyCap: v });
          }}
        />
      </div>
      <p className="note" role="note" aria-label="What the cap does">
        {cap === null || !props.filter
          ? 'No cap: every run adds to "Privacy spent on this data" without limit.'
          : `A privacy filter: before a run is charged, every run on this data is composed at one Rényi order ` +
            `(α = ${props.filter.order}, fixed by the cap and δ alone), and a run that would take the total there ` +
            `past ε = ${capNumber(props.filter.epsilon)} does not start (step 3 says why). Used so far at that ` +
            `order: ε = ${fmt(props.filter.used, 3)}. The cap holds even though you choose each run after seeing ` +
            `the last (Feldman & Zrnic 2021), and "Privacy spent" (best order) is never above it; but only if it ` +
            `was set before the first run on this data and is never raised.`}
      </p>
    </div>
  );
}
