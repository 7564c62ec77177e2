/**
 * Focus that a disabled button would drop: a keyboard user who presses "Start private training" disables it,
 * and the browser put focus on <body> (a screen reader then starts again from the top of the page). When the
 * focused button of a `.buttons` group is disabled, focus moves to its group's enabled `.primary` button (the
 * job's Start, back when the job ends), else the next enabled button (Stop, while the job runs), else the one
 * before it.
 */

/** The button to move focus to, by index in the group, or null: `from` is the one just disabled. */
export function rescueIndex(
  buttons: readonly { enabled: boolean; primary: boolean }[],
  from: number,
): number | null {
  if (!buttons[from]?.primary) {
    const primary = buttons.findIndex((b) => b.primary && b.enabled);
    if (primary >= 0) return primary;
  }
  for (let i = from + 1; i < buttons.length; i++) if (buttons[i]!.enabled) return i;
  for (let i = from - 1; i >= 0; i--) if (buttons[i]!.enabled) return i;
  return null;
}

/** Watches the page for a focused button being disabled (returns the cleanup). */
export function installFocusRescue(root: HTMLElement): () => void {
  // the last element focused: a button that is disabled loses focus without a blur or focusin to say so
  let last: Element | null = null;
  const onFocus = (e: FocusEvent) => (last = e.target as Element);
  // focus left for nothing (a click on text, another window) and not by being disabled: no button to rescue
  // later (it would take focus back, and scroll to it, when the job ends)
  const onBlur = (e: FocusEvent) => {
    if (e.relatedTarget === null && !(e.target as HTMLButtonElement).disabled) last = null;
  };
  document.addEventListener('focusin', onFocus);
  document.addEventListener('focusout', onBlur);
  const observer = new MutationObserver((records) => {
    const from = last;
    if (!(from instanceof HTMLButtonElement) || !from.disabled) return;
    if (!records.some((r) => r.target === from)) return;
    const active = document.activeElement;
    if (active && active !== document.body && active !== from) return;
    const group = from.closest('.buttons');
    if (!group) return;
    const buttons = Array.from(group.querySelectorAll<HTMLButtonElement>('button'));
    const to = rescueIndex(
      buttons.map((b) => ({ enabled: !b.disabled, primary: b.classList.contains('primary') })),
      buttons.indexOf(from),
    );
    // (no scroll: the group's buttons are side by side, and the page stays where its reader is)
    if (to !== null) buttons[to]!.focus({ preventScroll: true });
  });
  observer.observe(root, { subtree: true, attributes: true, attributeFilter: ['disabled'] });
  return () => {
    observer.disconnect();
    document.removeEventListener('focusin', onFocus);
    document.removeEventListener('focusout', onBlur);
  };
}
