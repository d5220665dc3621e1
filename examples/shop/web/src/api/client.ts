/** HTTP client for the orders service. The front end reaches the back end only through HTTP. */
export interface OrderDto {
  customer: string;
  items: string[];
  total_cents: number;
}

/** Load every order from the orders service. */
export async function fetchOrders(baseUrl = '/api'): Promise<OrderDto[]> {
  const response = await fetch(`${baseUrl}/orders`);
  if (!response.ok) throw new Error(`orders service answered ${response.status}`);
  return (await response.json()) as OrderDto[];
}
