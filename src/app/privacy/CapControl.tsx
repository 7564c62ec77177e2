/**
 * Step 5's cap on the ε that all runs on the current private dataset may spend together: a privacy filter
 * (src/lib/privacy/filter.ts) stored with the data's ledger, which `useLedger().begin` checks before each run
 * is charged and step 3 says about beside Start. A new value is applied on Enter or when the field is left
 * (not on every keystroke), and ending a guarantee (changing or removing a cap that holds one, once the data
 * has runs) asks first.
 */
import { useRef, useState } from 'react';
import type { DatasetSpent } from '../../lib/dp/dataset-ledger';
import { capLabel, usedText } from './cap-note';
import { targetEpsilonProblem } from './target-epsilon';

/** The cap a newly ticked box sets (a commonly used moderate budget; the field changes it). */
const FIRST_CAP = 8;

const ENDS_GUARANTEE =
  'This data has runs already, and its cap guarantees their total. A cap changed or removed now is only a ' +
  'limit on further runs, not a guarantee on the total (that promise cannot be given back). Go on?';

export function CapControl(props: {
  /** This data's stored cap (as `DatasetSpent` reports it), 'unreadable', or null/absent: none. */
  cap: DatasetSpent['cap'];
  /** Sets this data's cap at the current δ (null: removes it). */
  setCap: (epsilon: number | null) => void;
  /** The stored ledger is still being read (how many runs the data has is not known yet). */
  reading: boolean;
  /** Whether any run was charged on this data. */
  charged: boolean;
}) {
  const cap = props.cap ?? null;
  const current = cap && typeof cap !== 'string' ? cap.epsilon : null;
  // the field's text (it may be mid-edit, e.g. "0."); applied on Enter or when the field is left
  const [text, setText] = useState(String(current ?? FIRST_CAP));
  const [shown, setShown] = useState(current);
  const box = useRef<HTMLInputElement>(null);
  // the field is being typed in
  const [editing, setEditing] = useState(false);
  if (shown !== current) {
    // the cap changed elsewhere (another tab, another dataset) or was saved: show it, unless the field is being
    // typed in (a save that completed after the user began typing overwrote what they typed)
    setShown(current);
    if (current !== null && !editing) setText(String(current));
  }
  const typed = Number(text.trim());
  // read as step 3's target ε and budget are: any ε > 0 up to the lab's largest (a cap of 1e9 was taken)
  // (a cap stored before that limit, above it, is shown as it is, not as a typing error)
  const typedProblem = targetEpsilonProblem(text, 'a cap');
  // (nor is the text of an unticked cap said to be wrong: its field is disabled, and a tick starts from a good value)
  const problem = typed === current || cap === null ? null : typedProblem;
  const valid = problem === null;
  const guarantees = !!cap && typeof cap !== 'string' && cap.limit === null;
  // a change that ends a guarantee on data with runs asks first
  const mayEnd = () => !(guarantees && props.charged) || window.confirm(ENDS_GUARANTEE);
  const apply = () => {
    if (cap === null || !valid || typed === current) return;
    if (mayEnd()) props.setCap(typed);
    else if (current !== null) setText(String(current));
  };
  let note: string;
  if (cap === null)
    note =
      'No cap: every run adds to "Privacy spent on this data" without limit. Ticked before the first run on ' +
      'this data, and never changed, a cap bounds the total of all its runs, although you choose each run ' +
      'after seeing the last.';
  else if (cap === 'reading') note = "Reading (or saving) this data's cap in the browser's storage…";
  else if (cap === 'unreadable')
    note =
      "This data's cap (or whether it has one) cannot be read from the browser's storage, so no run starts " +
      'on it. Untick to remove any cap, or reload.';
  else if (cap.limit === null)
    note =
      `All runs on this data together stay within ${capLabel(cap)}, although you choose each run after ` +
      `seeing the last. Used so far: ${usedText(cap.used)} of the cap's budget. How: a privacy filter ` +
      `(Feldman & Zrnic 2021). Every run is summed at one Rényi order, α = ${cap.order}, fixed with the cap ` +
      `(the δ slider does not move it), and a run that would pass the cap there does not start; step 3 says ` +
      `why. Changing or removing the cap ends the promise.`;
  else
    note =
      `A limit, not a guarantee: ${cap.limit}. Used so far: ${usedText(cap.used)} of the cap's budget. It ` +
      `refuses any further run that would pass ${capLabel(cap)} (summed at Rényi order α = ${cap.order}), but ` +
      `promises nothing about the total: a cap chosen after seeing results bounds only what comes after.`;
  return (
    <div className="cap">
      <form
        className="cap-row"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <label className="checkbox">
          <input
            ref={box}
            type="checkbox"
            checked={cap !== null}
            disabled={props.reading || cap === 'reading'}
            onChange={(e) => {
              if (e.target.checked) {
                if (typedProblem !== null) setText(String(FIRST_CAP));
                props.setCap(typedProblem === null ? typed : FIRST_CAP);
              } else if (mayEnd()) props.setCap(null);
            }}
          />
          <span>Cap this data&apos;s total ε at</span>
        </label>
        <input
          aria-label="Cap on this data's ε"
          inputMode="decimal"
          value={text}
          disabled={cap === null || cap === 'unreadable'}
          aria-invalid={!valid}
          aria-describedby={valid ? undefined : 'cap-invalid'}
          onChange={(e) => setText(e.target.value)}
          // left for the box (ticked while the field is enabled): the click unticks, so the value typed is not
          // applied first (it was, and the box, disabled while that cap was saved, lost the click)
          onFocus={() => setEditing(true)}
          onBlur={(e) => {
            setEditing(false);
            if (e.relatedTarget !== box.current) apply();
          }}
        />
        {!valid && (
          <span id="cap-invalid" className="warning inline">
            {problem}
          </span>
        )}
      </form>
      <p className="note" role="note" aria-label="What the cap does">
        {note}
      </p>
    </div>
  );
}
