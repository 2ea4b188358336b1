"""The database this process uses, as a ``DATABASE_URL`` for a child process (a worker, a command)."""

from django.db import connection


def current_database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
        return f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"
    return f"sqlite:///{database['NAME']}"


def database_answers(timeout: float) -> bool:
    """Whether the database answers ``SELECT 1`` within ``timeout`` seconds, on a connection of its own.

    A health check must not hang with the database: on PostgreSQL the probe opens a fresh
    connection with libpq's connect timeout and a statement timeout, and the whole exchange runs
    under an asyncio deadline, so a server that accepts and never answers still gets a "no" in time.
    """
    if connection.vendor != "postgresql":
        from django.db import DatabaseError

        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            return False
        return True

    import asyncio
    import threading

    import psycopg

    database = connection.settings_dict
    params = {
        "dbname": database["NAME"],
        "user": database["USER"],
        "password": database["PASSWORD"] or None,
        "host": database["HOST"] or "127.0.0.1",
        "port": database["PORT"] or 5432,
        "connect_timeout": max(1, int(timeout)),
        "options": f"-c statement_timeout={int(timeout * 1000)}",
    }

    async def probe() -> None:
        conn = await psycopg.AsyncConnection.connect(**{k: v for k, v in params.items() if v is not None})
        try:
            await conn.execute("SELECT 1")
        finally:
            await conn.close()

    outcome: list[bool] = []

    def run() -> None:  # a thread of its own, so an event loop already running here is no obstacle
        try:
            asyncio.run(asyncio.wait_for(probe(), timeout))
        except (TimeoutError, OSError, psycopg.Error):
            outcome.append(False)
        else:
            outcome.append(True)

    thread = threading.Thread(target=run, name="healthz-probe", daemon=True)
    thread.start()
    thread.join(timeout + 1)
    return outcome == [True]
