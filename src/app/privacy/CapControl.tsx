/**
 * Step 5's cap on the ε that all runs on the current private dataset may spend together: a privacy filter
 * (src/lib/privacy/filter.ts) stored with the data's ledger, which `useLedger().begin` checks before each run
 * is charged and step 3 says about beside Start.
 */
import { useState } from 'react';
import type { DatasetSpent } from '../../lib/dp/dataset-ledger';
import { capLabel, usedText } from './cap-note';

/** The cap a newly ticked box sets (a commonly used moderate budget; the field changes it). */
const FIRST_CAP = 8;

export function CapControl(props: {
  /** This data's stored cap (as `DatasetSpent` reports it), 'unreadable', or null/absent: none. */
  cap: DatasetSpent['cap'];
  /** Sets this data's cap at the current δ (null: removes it). */
  setCap: (epsilon: number | null) => void;
  /** The stored ledger is still being read (how many runs the data has is not known yet). */
  reading: boolean;
}) {
  const cap = props.cap ?? null;
  const current = cap && typeof cap !== 'string' ? cap.epsilon : null;
  // the field's text (it may be mid-edit, e.g. "0."); a valid positive number sets the cap
  const [text, setText] = useState(String(current ?? FIRST_CAP));
  const [shown, setShown] = useState(current);
  if (shown !== current) {
    // the cap changed elsewhere (another tab, another dataset): show it
    setShown(current);
    if (current !== null) setText(String(current));
  }
  const typed = Number(text);
  const valid = text.trim() !== '' && Number.isFinite(typed) && typed > 0;
  let note: string;
  if (cap === null)
    note =
      'No cap: every run adds to "Privacy spent on this data" without limit. A cap set before the first run ' +
      'on this data, and never changed, bounds the total of all its runs, although you choose each run after ' +
      'seeing the last.';
  else if (cap === 'reading') note = "Reading (or saving) this data's cap in the browser's storage…";
  else if (cap === 'unreadable')
    note =
      "This data's cap (or whether it has one) cannot be read from the browser's storage, so no run starts " +
      'on it. Untick to remove any cap, or reload.';
  else if (cap.limit === null)
    note =
      `A privacy filter, set before the first run on this data: every run on it is composed at one Rényi ` +
      `order, α = ${cap.order}, fixed with the cap from ε and δ (the δ slider does not move it), and a run ` +
      `that would pass the cap's Rényi budget there does not start (step 3 says why); ${usedText(cap.used)} ` +
      `of it used. So all runs on this data together are (ε, δ)-DP with ${capLabel(cap)}, although you ` +
      `choose each run after seeing the last (Feldman & Zrnic 2021). Changing or removing the cap ends that promise.`;
  else
    note =
      `A limit, not a guarantee: ${cap.limit}. It refuses any further run that would pass ${capLabel(cap)} ` +
      `(summed at Rényi order α = ${cap.order}; ${usedText(cap.used)} of its budget used), but it promises ` +
      `nothing about the total: a cap chosen after seeing results bounds only what comes after.`;
  return (
    <div className="cap">
      <div className="cap-row">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={cap !== null}
            disabled={props.reading || cap === 'reading'}
            onChange={(e) => props.setCap(e.target.checked ? (valid ? typed : FIRST_CAP) : null)}
          />
          <span>Cap this data&apos;s total ε at</span>
        </label>
        <input
          aria-label="Cap on this data's ε"
          inputMode="decimal"
          value={text}
          disabled={cap === null || cap === 'unreadable'}
          aria-invalid={!valid}
          onChange={(e) => {
            setText(e.target.value);
            const v = Number(e.target.value);
            if (e.target.value.trim() !== '' && Number.isFinite(v) && v > 0 && v !== current) props.setCap(v);
          }}
        />
      </div>
      <p className="note" role="note" aria-label="What the cap does">
        {note}
      </p>
    </div>
  );
}
