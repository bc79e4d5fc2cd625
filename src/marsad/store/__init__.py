"""The store: the only layer that knows SQL."""

from .database import InsertReport, Store, database_url

__all__ = ["InsertReport", "Store", "database_url"]
