"""The anonymous feedback box: the form (no sign-in), ARTF's triage and its "you said, we did".

The form's view never reads who is asking: no user, no session. The address is used once,
hashed with a key derived from a secret setting and the hour, to count submissions for the rate
limit; it is never stored or logged (config/quiet.py keeps every request to the box out of the
logs). A refused submission, whatever the reason, shows the form again with the text typed.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import form_status
from core.text import sentence, shown, writing_language
from core.typography import long_date
from sectors import permissions

from . import ratelimit, selectors, services
from .forms import FeedbackForm, SummaryForm, TriageForm
from .models import FeedbackSubmission, FeedbackSummary, Theme

# Why a valid message was not kept, and the answer's status.
REFUSALS = {
    ratelimit.Verdict.TOO_MANY: ("too_many", 429),
    ratelimit.Verdict.BUSY: ("busy", 429),
}
RETRY_AFTER = "300"  # seconds: "try again in a few minutes"


def origin_only_referrer(view):
    """A link followed from the box must not tell the next page (and its access-log line) that the
    person came from the box: the browser sends only the site's origin as Referer. (It still sends
    the Origin header with the form, which the CSRF check needs; "no-referrer" would make it "null".)"""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "strict-origin"
        return response

    return wrapped


@login_not_required
@origin_only_referrer
@never_cache
@sensitive_post_parameters()  # should the view ever fail, the error report shows no message
@require_http_methods(["GET", "POST"])
def submit(request):
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verdict = ratelimit.check(ratelimit.client_address(request.META))
        except ratelimit.Unavailable:
            return _form_page(request, form, refusal="unavailable", status=503)
        try:
            services.feedback_submit(
                message=form.cleaned_data["message"],
                sector=form.cleaned_data["sector"],
                theme=form.cleaned_data["theme"],
                allowed=verdict is ratelimit.Verdict.ALLOWED,
                language=writing_language(),
            )
        except services.TooMany:
            refusal, status = REFUSALS[verdict]
            return _form_page(request, form, refusal=refusal, status=status)
        return redirect("feedback:thanks")  # nothing about the submission travels with the redirect
    return _form_page(request, form, status=form_status(invalid=request.method == "POST"))


@origin_only_referrer
def submit_expired(request):
    """The form came back without a valid CSRF token (the page was open for long, or the browser
    refused the cookie): nothing is kept, and the text typed is shown again to send."""
    return _form_page(request, FeedbackForm(request.POST), refusal="expired", status=403)


def _form_page(request, form, *, refusal: str = "", status: int):
    response = render(
        request,
        "feedback/submit.html",
        {
            "form": form,
            "refusal": refusal,
            "summaries": _summaries(),
            "can_write_summaries": permissions.can_triage_feedback(request.user),
            "limit": settings.FEEDBACK_RATE_LIMIT,
            "window_minutes": settings.FEEDBACK_RATE_WINDOW // 60,
        },
        status=status,
    )
    if status in (429, 503):
        response["Retry-After"] = RETRY_AFTER
    return response


@login_not_required
@origin_only_referrer
@require_GET
def thanks(request):
    return render(
        request,
        "feedback/thanks.html",
        {"summaries": _summaries(), "can_write_summaries": permissions.can_triage_feedback(request.user)},
    )


def _summaries() -> list[FeedbackSummary]:
    return list(selectors.summaries(published_only=True)[:10])


# -- ARTF ----------------------------------------------------------------------------------------
def _artf(request) -> None:
    if not permissions.can_triage_feedback(request.user):
        raise PermissionDenied


@require_GET
def triage(request):
    _artf(request)
    filters = {k: request.GET.get(k, "") for k in ("status", "sector", "theme")}
    rows = list(selectors.triage_list(**filters))
    return render(
        request,
        "feedback/triage.html",
        {
            "rows": [
                (
                    row,
                    TriageForm(
                        initial={"status": row.status, "note": row.triage_note},
                        prefix=str(row.pk),
                        note_language=row.triage_note_language,
                    ),
                )
                for row in rows
            ],
            "filters": filters,
            "statuses": FeedbackSubmission.Status.choices,
            "themes": Theme.choices,
            "sectors": permissions.home_sectors(request.user).values_list("code", flat=True),
            "summaries": selectors.summaries(published_only=False),
        },
    )


@require_POST
def triage_update(request, pk):
    _artf(request)
    submission = get_object_or_404(FeedbackSubmission, pk=pk)
    form = TriageForm(request.POST, prefix=str(submission.pk))
    if form.is_valid():
        services.feedback_triage(
            submission=submission,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            language=writing_language(),
        )
        status = FeedbackSubmission.Status(form.cleaned_data["status"]).label
        messages.success(
            request,
            _("Message of %(day)s saved: %(status)s.") % {"day": long_date(submission.received_on), "status": status},
        )
    else:
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("feedback:triage")
    return redirect(f"{back}#item-{submission.pk}")


@require_http_methods(["GET", "POST"])
def summary_form(request, pk=None):
    _artf(request)
    summary = get_object_or_404(FeedbackSummary, pk=pk) if pk else None
    form = SummaryForm(request.POST or None, instance=summary)
    if request.method == "POST" and form.is_valid():
        services.summary_save(summary=summary, **form.cleaned_data)
        data = form.cleaned_data
        title = shown(data["title_en"], data["title_fr"])
        if form.cleaned_data["is_published"]:
            text = _("Summary “%(title)s” saved and published on the feedback page.")
        else:
            text = _("Summary “%(title)s” saved as a draft (not shown to employees).")
        messages.success(request, sentence(text, title=title))
        return redirect("feedback:triage")
    return render(request, "feedback/summary_form.html", {"form": form, "summary": summary})
