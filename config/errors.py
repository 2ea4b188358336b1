"""The 500 page: rendered without the database, context processors or static files, so it shows
whatever failed; its few styles are inline, which this one answer's security policy allows."""

from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token

from .middleware import CONTENT_SECURITY_POLICY, BadParameter

INLINE_STYLES = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


@requires_csrf_token
def bad_request(request, exception, template_name="400.html"):
    """400 in words: our own refusals (``BadParameter``) say what was wrong; others stay generic."""
    language = translation.get_language_from_path(request.path_info) or translation.get_language()
    with translation.override(language):
        message = str(exception) if isinstance(exception, BadParameter) else ""
        body = loader.get_template(template_name).render({"message": message})
    response = HttpResponseBadRequest(body)
    response["Content-Security-Policy"] = INLINE_STYLES
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    body = loader.get_template(template_name).render()
    response = HttpResponseServerError(body)
    response["Content-Security-Policy"] = INLINE_STYLES
    return response
