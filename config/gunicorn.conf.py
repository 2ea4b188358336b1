"""Gunicorn's one configuration: the image, docker-compose, the README and the tests start it with
``gunicorn -c config/gunicorn.conf.py``, so the feedback box's quiet logs (``config.gunicorn_logging``)
never depend on a command line copied by hand. Settings a deployment changes come from the
environment; an option given on the command line still wins (the tests' log files, a port)."""

import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 -- inside the container, behind the proxy
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# The box's requests leave no access line and no error-log line naming them.
logger_class = "config.gunicorn_logging.Logger"
