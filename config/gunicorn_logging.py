"""Gunicorn's access log, minus the anonymous feedback box.

An access line carries the client's address, its browser and the exact time; written for the
feedback pages, it would tie a message's arrival to a person. So those requests leave no access
line at all (errors still reach the error log, without the request body). Used by the image and
docker-compose: ``gunicorn --logger-class config.gunicorn_logging.Logger``. A reverse proxy put in
front of gunicorn must leave ``/<lang>/feedback/`` out of its own access log in the same way.
"""

import re

from gunicorn.glogging import Logger as GunicornLogger

# The form and its thank-you page, in any language; not ARTF's triage pages, which need no secrecy.
QUIET = re.compile(r"^/(?:[a-z]{2}/)?feedback/(?!triage/|summaries/)")


def is_quiet(path: str) -> bool:
    return bool(QUIET.match(path))


class Logger(GunicornLogger):
    def access(self, resp, req, environ, request_time):
        if is_quiet(environ.get("PATH_INFO", "")):
            return
        super().access(resp, req, environ, request_time)
