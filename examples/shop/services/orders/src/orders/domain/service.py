"""Order placement use cases. Depends on the repository interface, never on HTTP."""

from .model import Order
from ..db.repository import OrderRepository, InMemoryOrderRepository

PRICE_CENTS = {"book": 1500, "pen": 200, "mug": 900}


class OrderService:
    """Places and lists orders."""

    def __init__(self, repository: OrderRepository) -> None:
        self.repository = repository

    @classmethod
    def in_memory(cls) -> "OrderService":
        """A service backed by an in-memory repository (for tests and demos)."""
        return cls(InMemoryOrderRepository())

    def place(self, customer: str, items: list[str]) -> Order:
        """Price the items and store the order."""
        order = Order(customer=customer, items=items, total_cents=sum(PRICE_CENTS.get(i, 0) for i in items))
        self.repository.save(order)
        return order

    def list_orders(self) -> list[Order]:
        """Every stored order."""
        return self.repository.all()
