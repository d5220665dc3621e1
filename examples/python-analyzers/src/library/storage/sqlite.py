"""SQLite storage. The lowest layer: it must never import the web layer.

(This docstring mentions `from library.web import app` -- a string, not an import.)
"""
import sqlite3
from contextlib import closing

from library.catalog.books import Book
from library.loans.service import Loan

SCHEMA = """
CREATE TABLE loans (isbn TEXT, member TEXT, due TEXT);  -- import nothing here
"""


class SqliteRepository:
    def __init__(self, path=":memory:"):
        self.db = sqlite3.connect(path)
        with closing(self.db.cursor()) as c:
            c.executescript(SCHEMA)

    def add(self, loan: Loan) -> None:
        self.db.execute("INSERT INTO loans VALUES (?, ?, ?)", (loan.book.isbn, loan.member, loan.due.isoformat()))

    def loans_of(self, member: str) -> list:
        return self.db.execute("SELECT isbn FROM loans WHERE member = ?", (member,)).fetchall()

    def book(self, isbn: str) -> Book:
        return Book(isbn, title="?")
