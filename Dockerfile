# The department's image: one image for web (gunicorn), worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

# WeasyPrint's system libraries (Pango, HarfBuzz), fonts for both official languages,
# gettext for compiling messages, and the PostgreSQL client for pg_isready.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libjpeg62-turbo libopenjp2-7 \
      fonts-dejavu-core fonts-liberation shared-mime-info gettext postgresql-client \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 app
WORKDIR /app

# Exactly the locked versions, checked against their hashes; then the project itself.
COPY pyproject.toml README.md ./
COPY requirements/production.txt requirements/production.txt
RUN pip install --upgrade pip \
 && pip install --require-hashes -r requirements/production.txt \
 && pip install --no-deps -e .

COPY --chown=app:app . .
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    REDIS_URL=redis://:build-only@localhost:6379/0 python manage.py collectstatic --noinput \
 && python manage.py compilemessages -l fr --ignore=.venv

USER app
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn.conf.py"]
