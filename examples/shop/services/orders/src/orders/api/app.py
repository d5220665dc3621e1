"""HTTP routes. The API layer only talks to the domain layer."""

from ..domain.service import OrderService
from ..domain.model import Order


def create_app(service: OrderService | None = None) -> dict:
    """Build the route table of the service."""
    service = service or OrderService.in_memory()
    return {
        "POST /orders": lambda body: place_order(service, body),
        "GET /orders": lambda _body: [o.to_dict() for o in service.list_orders()],
    }


def place_order(service: OrderService, body: dict) -> dict:
    """Validate the request body and place the order."""
    order: Order = service.place(body["customer"], body["items"])
    return order.to_dict()
