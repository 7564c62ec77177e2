/**
 * The default grid of Rényi orders α. Matches Google's dp_accounting `RdpAccountant` default orders
 * (and the reference values in testdata/accountant-reference.json): 1.1, 1.2, …, 10.9, then 11, 12, …, 63, then 128, 256, 512, 1024.
 * Built from integers so that 1.1 + 0.1·k does not drift (1.1 + 0.3 ≠ 1.4 in floating point).
 */
export const DEFAULT_RDP_ORDERS: readonly number[] = Object.freeze([
  ...Array.from({ length: 99 }, (_, k) => (11 + k) / 10),
  ...Array.from({ length: 53 }, (_, k) => 11 + k),
  128,
  256,
  512,
  1024,
]);

/** Throws a message naming the bad value unless every order is a finite number > 1. */
export function validateOrders(orders: readonly number[]): void {
  if (orders.length === 0) throw new Error('orders must not be empty');
  for (const a of orders) {
    if (!(a > 1) || !Number.isFinite(a))
      throw new Error(`every Rényi order must be a finite number > 1, got ${a}`);
  }
}
