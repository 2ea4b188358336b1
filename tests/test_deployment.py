"""The deployment files stay valid: compose parses, and production settings refuse to start without secrets."""

import os
import shutil
import subprocess
import sys

from django.conf import settings

from tests.conftest import need_service

SECRETS = {"DJANGO_SECRET_KEY": "x" * 50, "POSTGRES_PASSWORD": "p", "REDIS_PASSWORD": "r3dis0nly"}


def compose(*args, **secrets):
    docker_compose = shutil.which("docker-compose")
    if docker_compose is None:
        need_service("docker-compose is not installed")
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    return subprocess.run(
        [docker_compose, "-f", "docker-compose.yml", "config", *args],
        cwd=settings.BASE_DIR,
        env={**env, **secrets},
        capture_output=True,
        text=True,
        check=False,
    )


def test_docker_compose_file_is_valid():
    result = compose("--services", **SECRETS)
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == {"web", "worker", "beat", "postgres", "redis"}


def test_docker_compose_requires_a_redis_password_and_redis_enforces_it():
    missing = compose("--services", **{k: v for k, v in SECRETS.items() if k != "REDIS_PASSWORD"})
    assert missing.returncode != 0 and "REDIS_PASSWORD" in missing.stderr
    text = compose(**SECRETS).stdout
    redis = text[text.index("\n  redis:\n") : text.index("\n  web:\n")]
    assert "--requirepass" in redis and "REDIS_PASSWORD: r3dis0nly" in redis
    assert "REDISCLI_AUTH" in redis  # the health check signs in too
    assert text.count("REDIS_URL: redis://:r3dis0nly@redis:6379/0") == 3  # web, worker and beat


def production(**env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="x",
        SITE_URL="https://x",
        DATABASE_URL="sqlite:////tmp/x.sqlite3",
        **env_overrides,
    )
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.CACHES)",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_refuse_a_redis_without_password():
    for url in ("redis://redis:6379/0", "redis://user@redis:6379/0", "redis://:@redis:6379/0"):
        result = production(REDIS_URL=url)
        assert result.returncode != 0, url
        assert "REDIS_URL has no password" in result.stderr
    for url in (
        "redis://:s3cret@redis:6379/0",
        "redis://default:s3cret@redis:6379/0",
        "redis://redis:6379/0?password=s3cret",
    ):
        result = production(REDIS_URL=url)
        assert result.returncode == 0, result.stderr
        assert "socket_timeout" in result.stdout  # the cache gives up on a silent Redis


def test_production_settings_fail_loudly_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_ALLOWED_HOSTS="x",
        REDIS_URL="redis://:p@x:6379/0",
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


def _locked(path) -> dict[str, str]:
    import re

    pins = {}
    for line in (settings.BASE_DIR / path).read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line)
        if match:
            pins[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return pins


def test_every_dependency_is_locked_in_a_version_its_range_allows():
    """A dependency added to pyproject.toml without `make lock` fails here, not in the image."""
    import re
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text())["project"]
    for lock, wanted in (
        ("requirements/production.txt", project["dependencies"]),
        ("requirements/dev.txt", project["dependencies"] + project["optional-dependencies"]["dev"]),
    ):
        pins = _locked(lock)
        for spec in wanted:
            requirement = Requirement(spec)
            name = re.sub(r"[-_.]+", "-", requirement.name).lower()
            assert name in pins, f"{requirement.name} is not in {lock}: run `make lock`"
            assert requirement.specifier.contains(pins[name], prereleases=True), (
                f"{lock} pins {requirement.name}=={pins[name]}, outside {requirement.specifier}: run `make lock`"
            )


def test_the_image_leaves_local_files_out():
    ignored = (settings.BASE_DIR / ".dockerignore").read_text().split()
    for path in (".venv", ".env", "*.sqlite3", ".git"):
        assert path in ignored


def test_every_service_selector_and_permission_module_is_type_checked():
    """A new services.py, selectors.py or permissions.py is added to [tool.mypy] files, so `make typecheck` reads it."""
    import tomllib

    checked = set(tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text())["tool"]["mypy"]["files"])
    wanted = {
        path.relative_to(settings.BASE_DIR).as_posix()
        for app in settings.PROJECT_APPS
        for name in ("services", "selectors", "permissions")
        for path in [settings.BASE_DIR / app / f"{name}.py"]
        if path.exists()
    }
    assert wanted - checked == set(), "add these to [tool.mypy] files in pyproject.toml"
    assert "core/concurrency.py" in checked


def test_every_way_of_starting_the_web_process_reads_the_one_gunicorn_configuration():
    """The image and docker-compose start gunicorn with config/gunicorn.conf.py, which sets the
    quiet logger: the feedback box's silence does not hang on a hand-copied command line."""
    import re
    import runpy

    from gunicorn.config import Config

    dockerfile = (settings.BASE_DIR / "Dockerfile").read_text()
    compose = (settings.BASE_DIR / "docker-compose.yml").read_text()
    assert re.search(r'^CMD \["gunicorn", "-c", "config/gunicorn.conf.py"\]$', dockerfile, re.M)
    assert "gunicorn -c config/gunicorn.conf.py" in compose
    assert not re.search(r"gunicorn (config\.wsgi|.*--logger-class)", dockerfile + compose)

    config = Config()
    for name, value in runpy.run_path(str(settings.BASE_DIR / "config" / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    assert config.logger_class.__module__ == "config.gunicorn_logging"
    # One worker per core this process may use, unless GUNICORN_WORKERS says otherwise.
    assert (config.accesslog, config.wsgi_app) == ("-", "config.wsgi:application")
    assert config.workers == len(os.sched_getaffinity(0))


def test_a_web_worker_freezes_what_it_loaded_so_full_collections_skip_it():
    """gunicorn calls post_worker_init once the worker has loaded Django: everything loaded by then
    goes to the permanent generation, which the garbage collector's full passes do not walk."""
    import gc
    import runpy

    hooks = runpy.run_path(str(settings.BASE_DIR / "config" / "gunicorn.conf.py"))
    assert gc.get_freeze_count() == 0
    try:
        hooks["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 10_000  # Django's modules, settings, URL patterns…
    finally:
        gc.unfreeze()
