"""Gunicorn's logs, minus the anonymous feedback box (see ``config.quiet``).

A request to the box leaves no access line, whatever its method and answer, and no error-log
line names it. Set in ``config/gunicorn.conf.py``, which the image and docker-compose start. A reverse proxy put in front of
gunicorn must leave ``/feedback`` and ``/<lang>/feedback…`` (all but ``…/feedback/triage/`` and
``…/feedback/summaries/``) out of its own access and error logs in the same way.
"""

from gunicorn.glogging import Logger as GunicornLogger

from config.quiet import QuietFeedbackFilter, is_quiet

__all__ = ["Logger", "is_quiet"]


class Logger(GunicornLogger):
    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(f, QuietFeedbackFilter) for f in self.error_log.filters):
            self.error_log.addFilter(QuietFeedbackFilter())

    def access(self, resp, req, environ, request_time):
        # A request gunicorn could not parse has no PATH_INFO: look at what it read of the address.
        paths = (
            environ.get("PATH_INFO"),
            environ.get("RAW_URI"),
            getattr(req, "path", None),
            getattr(req, "uri", None),
        )
        if any(isinstance(path, str) and is_quiet(path) for path in paths):
            return
        super().access(resp, req, environ, request_time)
