"""A lending library: a catalog of books, loans to members, storage, and a web front end."""
from __future__ import annotations

__version__ = "1.0.0"
