"""Books and search. Knows nothing about loans, storage or HTTP."""
import dataclasses
import re
from typing import Iterable, Optional


@dataclasses.dataclass(frozen=True)
class Book:
    isbn: str
    title: str
    authors: tuple = ()

    def matches(self, words: Iterable[str]) -> bool:
        text = f"{self.title} {' '.join(self.authors)}".lower()
        return all(w.lower() in text for w in words)


class Catalog:
    """In-memory index; `storage` fills it (it never imports storage itself)."""

    def __init__(self, books: Optional[Iterable[Book]] = None):
        self._books = {b.isbn: b for b in books or ()}

    def search(self, query: str) -> list:
        words = re.findall(r"\w+", query)
        return [b for b in self._books.values() if b.matches(words)]
