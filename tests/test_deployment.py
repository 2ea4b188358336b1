"""The deployment files stay valid: compose parses, and production settings refuse to start without secrets."""

import os
import shutil
import subprocess
import sys

from django.conf import settings

from tests.conftest import need_service


def test_docker_compose_file_is_valid():
    if shutil.which("docker-compose") is None:
        need_service("docker-compose is not installed")
    env = {**os.environ, "DJANGO_SECRET_KEY": "x" * 50, "POSTGRES_PASSWORD": "p"}
    result = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config", "--services"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == {"web", "worker", "beat", "postgres", "redis"}


def test_production_settings_fail_loudly_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_ALLOWED_HOSTS="x",
        REDIS_URL="redis://x:6379/0",
        DATABASE_URL="sqlite:////tmp/x.sqlite3",
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
