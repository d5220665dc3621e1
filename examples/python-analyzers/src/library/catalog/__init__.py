"""Books and the catalog that finds them."""
from .books import Book, Catalog

__all__ = ["Book", "Catalog"]
