"""Lending rules: at most five books per member, three weeks per loan."""
import datetime as dt
from dataclasses import dataclass

from ..catalog import Book
from ..catalog.books import Catalog  # noqa: F401  (re-exported for the web layer)

MAX_LOANS = 5
LOAN_DAYS = 21


class LoanLimitReached(Exception):
    pass


@dataclass
class Loan:
    book: Book
    member: str
    due: dt.date


class LoanService:
    def __init__(self, repository):
        self.repository = repository  # any object with `loans_of` and `add` (see storage)

    def lend(self, book: Book, member: str, today: dt.date) -> Loan:
        if len(self.repository.loans_of(member)) >= MAX_LOANS:
            raise LoanLimitReached(member)
        loan = Loan(book, member, today + dt.timedelta(days=LOAN_DAYS))
        self.repository.add(loan)
        return loan
