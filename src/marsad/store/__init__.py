"""The store: the only layer that knows SQL.

What differs between SQLite and PostgreSQL lives in one backend module each (:mod:`.backends`).
"""

from .database import InsertReport, Store, database_url
from .filters import Filters, parse_bbox
from .review import EventNotFound, VersionConflict
from .rows import PreparedArticle, prepare_article
from .search import Hit

__all__ = [
    "EventNotFound", "Filters", "Hit", "InsertReport", "PreparedArticle", "Store", "VersionConflict", "database_url",
    "parse_bbox", "prepare_article",
]
