"""The database this process uses, as a ``DATABASE_URL`` for a child process (a worker, a command)."""

from django.db import connection


def current_database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
        return f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"
    return f"sqlite:///{database['NAME']}"
