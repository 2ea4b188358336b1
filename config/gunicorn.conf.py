"""Gunicorn's one configuration: the image, docker-compose, the README and the tests start it with
``gunicorn -c config/gunicorn.conf.py``, so the feedback box's quiet logs (``config.gunicorn_logging``)
never depend on a command line copied by hand. Settings a deployment changes come from the
environment; an option given on the command line still wins (the tests' log files, a port)."""

import gc
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 -- inside the container, behind the proxy
# One sync worker per core: the pages are CPU-bound (the database answers in a few ms), and more
# workers than cores only take turns on them, slower (measured in BENCHMARKS.md, throughput).
workers = int(os.environ.get("GUNICORN_WORKERS", str(len(os.sched_getaffinity(0)))))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# The box's requests leave no access line and no error-log line naming them.
logger_class = "config.gunicorn_logging.Logger"


def post_worker_init(worker):
    """Once the worker has loaded Django, move everything loaded so far (modules, settings, URL
    patterns, translations) out of the garbage collector's sight: full collections then walk only
    what requests make, instead of pausing a request for 70-150 ms now and then (BENCHMARKS.md)."""
    gc.collect()
    gc.freeze()
