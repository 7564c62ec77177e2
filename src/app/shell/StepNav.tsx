/**
 * The lab's six steps as a bar that stays at the top of the window: the page is one long column (about
 * 6,000 px), and a lecturer moving from step 3 to step 5 and back should not have to scroll for it. Buttons,
 * not links: the URL hash holds the lab's configuration (Copy link), so going to a step must not change it.
 */
import { useEffect, useState } from 'react';
import { currentStep } from './current-step';

export const STEPS: readonly (readonly [id: string, title: string])[] = [
  ['data', 'Data'],
  ['pretrain', 'Pretrain'],
  ['finetune', 'Private fine-tune'],
  ['attack', 'Attack'],
  ['privacy', 'Privacy budget'],
  ['embeddings', 'Embeddings'],
];

/** Room at the window's top taken by what sticks there: this bar, and the error banner when one shows. */
function coveredTop(): number {
  let h = 0;
  for (const el of document.querySelectorAll<HTMLElement>('.step-nav, .errors')) h += el.offsetHeight;
  return h;
}

/** Scrolls to a step (below the bar) and moves focus to its heading. */
export function goTo(id: string) {
  const section = document.getElementById(id);
  if (!section) return;
  const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  // the step's top just below the bar and any error banner under it (a banner sticks there too)
  const top = section.getBoundingClientRect().top + window.scrollY - coveredTop() - 8;
  window.scrollTo({ top: Math.max(0, top), behavior: reduced ? 'auto' : 'smooth' });
  // keyboard users continue from the step's heading (focusable, not in the tab order)
  section.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
}

/** Which step is under the bar, updated at most once a frame as the page scrolls or resizes. */
function useCurrentStep(): number {
  const [current, setCurrent] = useState(0);
  useEffect(() => {
    let frame = 0;
    const measure = () => {
      frame = 0;
      const tops = STEPS.map(([id]) => document.getElementById(id)?.getBoundingClientRect().top ?? Infinity);
      const root = document.documentElement;
      const atEnd = window.scrollY > 0 && window.innerHeight + window.scrollY >= root.scrollHeight - 2;
      setCurrent(currentStep(tops, coveredTop() + 0.25 * window.innerHeight, atEnd));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);
  return current;
}

/** A link to a step in running text ("Step 3"): goes there as the bar's button does; its address is the anchor. */
export function StepLink(props: { id: (typeof STEPS)[number][0]; children: string }) {
  return (
    <a
      href={`#${props.id}`}
      onClick={(e) => {
        e.preventDefault();
        goTo(props.id);
      }}
    >
      {props.children}
    </a>
  );
}

export function StepNav() {
  const current = useCurrentStep();
  return (
    <nav className="step-nav" aria-label="Steps">
      {STEPS.map(([id, title], i) => (
        <button
          key={id}
          type="button"
          onClick={() => goTo(id)}
          aria-current={i === current ? 'step' : undefined}
        >
          <span className="step">{i + 1}</span> {title}
        </button>
      ))}
    </nav>
  );
}
