"""HTTP answers shared by every app."""

from django.core.exceptions import BadRequest


class BadParameter(BadRequest):
    """A request whose address or parameters the site cannot use; its message is shown to the person."""
