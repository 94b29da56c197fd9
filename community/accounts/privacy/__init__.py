"""A member's privacy rights in the settings: a copy of all their data (exports.py) and deleting the
account (erasure.py). Every app adds what it keeps through the registry in community/privacy.py."""
