from orders.domain.service import OrderService


def test_place_order_prices_items():
    service = OrderService.in_memory()
    order = service.place("ada", ["book", "pen"])
    assert order.total_cents == 1700
    assert service.list_orders() == [order]
