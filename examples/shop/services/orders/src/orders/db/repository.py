"""Storage. The db layer knows nothing about the API."""

import json
from typing import Protocol


class OrderRepository(Protocol):
    """Where orders are kept."""

    def save(self, order) -> None: ...

    def all(self) -> list: ...


class InMemoryOrderRepository:
    """Keeps orders in a list."""

    def __init__(self) -> None:
        self._orders: list = []

    def save(self, order) -> None:
        """Store one order."""
        self._orders.append(order)

    def all(self) -> list:
        """Every stored order, oldest first."""
        return list(self._orders)

    def dump(self) -> str:
        """JSON snapshot, for debugging."""
        return json.dumps([o.to_dict() for o in self._orders])
