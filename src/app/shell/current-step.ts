/**
 * The step being read: the last whose top has reached `line` (the bottom of what sticks at the window's top,
 * plus a margin), or the first when none has; of steps side by side in two columns (the same top), the first; the last when the page is scrolled to its end (a short last step
 * never reaches the line). `tops` are the steps' tops relative to the window, in page order.
 */
export function currentStep(tops: readonly number[], line: number, atEnd: boolean): number {
  if (atEnd) return tops.length - 1;
  // the lowest top that has reached the line; of steps side by side (the same top), the first
  let current = 0;
  tops.forEach((top, i) => {
    if (top <= line && (tops[current]! > line || top > tops[current]!)) current = i;
  });
  return current;
}
