/**
 * The step being read: the last whose top has reached `line` (the bottom of what sticks at the window's top,
 * plus a margin), or the first when none has; the last when the page is scrolled to its end (a short last step
 * never reaches the line). `tops` are the steps' tops relative to the window, in page order.
 */
export function currentStep(tops: readonly number[], line: number, atEnd: boolean): number {
  if (atEnd) return tops.length - 1;
  let current = 0;
  tops.forEach((top, i) => {
    if (top <= line) current = i;
  });
  return current;
}
