import type { OrderDto } from '../api/client';
import { formatPrice } from './format';

/** Render the orders as an HTML list. */
export function renderOrderList(orders: OrderDto[]): string {
  const rows = orders.map((o) => `<li>${o.customer}: ${o.items.join(', ')} (${formatPrice(o.total_cents)})</li>`);
  return `<ul>${rows.join('')}</ul>`;
}
