"""Domain model."""

from dataclasses import dataclass, field


@dataclass
class Order:
    """An order placed by a customer."""

    customer: str
    items: list[str] = field(default_factory=list)
    total_cents: int = 0

    def to_dict(self) -> dict:
        """Plain representation for the API layer."""
        return {"customer": self.customer, "items": list(self.items), "total_cents": self.total_cents}
