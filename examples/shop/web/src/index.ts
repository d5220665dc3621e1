/** Entry point of the shop front end. */
import { renderOrderList } from './components/OrderList';
import { fetchOrders } from '@api/client';

export async function start(root: { innerHTML: string }): Promise<void> {
  const orders = await fetchOrders();
  root.innerHTML = renderOrderList(orders);
}
