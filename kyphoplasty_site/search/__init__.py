"""Full-text search over the loaded content: SQLite FTS5 through Python's sqlite3.

documents.py  the library → one document per article section, FAQ answer and glossary term
query.py      a patient's words → a query plan (stop words, spelling, synonyms)
index.py      the FTS5 index: build once at start-up, search per request
"""
from .index import SearchIndex, SearchResult, SearchResults  # noqa: F401
