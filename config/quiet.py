"""The anonymous feedback box leaves no line in any log.

A log line about a request carries its time, and often the client's address and browser:
written for the feedback box, it would tie a message's arrival to a person. So every request to
the box — the form, its thank-you page, with or without the trailing slash or the language
prefix, any method, any answer (a redirect, a refused form, a 403, 404, 405, 429, 503) — is left
out of gunicorn's access and error logs (``config.gunicorn_logging``) and of Django's logs (the
``quiet_feedback`` filter on every handler in ``LOGGING``). ARTF's triage and summary pages, which
need no secrecy, are logged as usual. No Django here: gunicorn's master process imports this.
"""

from __future__ import annotations

import logging
import re

# A path that reaches the box: /feedback, /en/feedback, /fr/feedback/thanks/, /en/feedback/anything,
# but not /en/feedback/triage/… or /en/feedback/summaries/….
QUIET = re.compile(r"^/+(?:[a-z]{2}(?:[-_][a-z0-9]+)?/+)?feedback(?:/(?!(?:triage|summaries)(?:/|$)).*)?$", re.I)
# The same, mentioned anywhere in a message ("Bad Request: /en/feedback/", "GET /feedback HTTP/1.1").
MENTION = re.compile(r"/feedback(?![\w.-])(?!/+(?:triage|summaries)(?:[/?#\s\"']|$))", re.I)


ORIGIN = re.compile(r"^[a-z][a-z0-9+.-]*://[^/]*", re.I)  # an absolute request target's scheme and host


def is_quiet(path: str) -> bool:
    return bool(QUIET.match(ORIGIN.sub("", path).split("?", 1)[0]))


def mentions_quiet_path(text: str) -> bool:
    return bool(MENTION.search(text))


class QuietFeedbackFilter(logging.Filter):
    """Drops a record about a request to the box: by the request it carries, or by its text."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        for attribute in ("path_info", "path"):
            path = getattr(request, attribute, None)
            if isinstance(path, str) and is_quiet(path):
                return False
        try:
            text = record.getMessage()
        except Exception:  # a record whose arguments do not fit its message: keep it as it is
            return True
        return not mentions_quiet_path(text)
