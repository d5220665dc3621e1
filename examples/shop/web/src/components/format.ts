/** Format an amount of cents as euros. */
export function formatPrice(cents: number): string {
  return `€${(cents / 100).toFixed(2)}`;
}
