"""HTTP front end (standard library only)."""
import json
from http.server import BaseHTTPRequestHandler, HTTPServer

from library.catalog import Catalog
from library.loans.service import LoanService, LoanLimitReached
from library.storage.sqlite import SqliteRepository


def create_app(path=":memory:"):
    repository = SqliteRepository(path)
    return Catalog(), LoanService(repository)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        catalog, _ = create_app()
        body = json.dumps([b.title for b in catalog.search(self.path.strip("/"))])
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body.encode())


def main(port=8000):
    try:
        HTTPServer(("", port), Handler).serve_forever()
    except LoanLimitReached:
        raise
