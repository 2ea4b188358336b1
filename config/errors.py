"""The 500 page: rendered without the database, context processors or static files, so it shows
whatever failed; its few styles are inline, which this one answer's security policy allows."""

from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.views import csrf
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.debug import sensitive_post_parameters

from feedback import views as feedback_views

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


FEEDBACK_FORM = {"feedback:submit", "feedback:submit-no-slash"}


@sensitive_post_parameters()
def csrf_failure(request, reason=""):
    """A refused CSRF token: on the anonymous feedback form, the form again with its text (nothing
    kept, nothing logged, see config/quiet.py); anywhere else, Django's own 403 page."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name in FEEDBACK_FORM and request.method == "POST":
        return feedback_views.submit_expired(request)
    return csrf.csrf_failure(request, reason)
