"""The store: the only layer that knows SQL."""

from .database import InsertReport, Store, database_url
from .filters import Filters, parse_bbox
from .review import EventNotFound, VersionConflict
from .search import Hit

__all__ = ["EventNotFound", "Filters", "Hit", "InsertReport", "Store", "VersionConflict", "database_url", "parse_bbox"]
