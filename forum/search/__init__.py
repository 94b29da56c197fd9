"""Search: the index (index.py), the ranking (engine.py), the search page (query.py) and the
similar questions shown while asking (similar.py)."""
