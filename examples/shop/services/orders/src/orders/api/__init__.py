"""HTTP layer of the orders service."""
