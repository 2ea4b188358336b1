import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_answers_200_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_does_not(client):
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-directory/db.sqlite3"
    else:
        connection.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_root_redirects_to_the_users_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9").headers["Location"] == "/fr/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-CA").headers["Location"] == "/en/"


@pytest.fixture
def hung_database():
    """A server that accepts connections and never says a word, as a database that hangs does."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for sock in held:
        sock.close()
    server.close()


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_within_seconds_when_the_database_hangs(client, hung_database, settings):
    import time

    if connection.vendor != "postgresql":
        pytest.skip("the hung-server probe is PostgreSQL's (SQLite is a file)")
    settings.HEALTHZ_TIMEOUT = 2
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(hung_database))
    started = time.monotonic()
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    elapsed = time.monotonic() - started
    assert response.status_code == 503 and response.json()["database"] == "down"
    assert elapsed < 10, f"/healthz took {elapsed:.1f} s with a hung database"


def test_postgresql_connections_carry_connect_and_statement_timeouts():
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from django.conf import settings; "
        "o = settings.DATABASES['default']['OPTIONS']; print(o['connect_timeout'], o['options'])"
    )
    env = {
        **__import__("os").environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "postgres://app@db.example.org:5432/app",
        "REDIS_URL": "redis://:test-only@127.0.0.1:6379/0",
        "SITE_URL": "https://example.org",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["5", "-c", "statement_timeout=60000"], out.stderr
