"""Business rules of the orders service."""
