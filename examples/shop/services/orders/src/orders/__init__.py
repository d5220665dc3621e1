"""Orders service: takes orders, prices them, stores them."""

__all__ = ["create_app"]

from .api.app import create_app
