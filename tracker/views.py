"""The ministerial tracker's pages: its versions (executives, ARTF), producing and retrying one, ARTF's wording."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import outbox
from core.forms import form_status
from periods import selectors as period_selectors
from reporting import selectors as report_selectors
from sectors import permissions

from . import selectors, services
from .models import LANGUAGE_IN_SENTENCE, TrackerActions, TrackerCuration, TrackerJob

# -- the ministerial tracker ----------------------------------------------------------------------
QUEUE_WAITING = _lazy(
    "The task queue cannot be reached just now: the tracker stays queued and starts by itself as soon as "
    "the queue is back. Nothing else is needed."
)


def _tracker_reader(request: HttpRequest) -> None:
    if not permissions.can_view_trackers(request.user):
        raise PermissionDenied


def _tracker_producer(request: HttpRequest) -> None:
    if not permissions.can_produce_trackers(request.user):
        raise PermissionDenied


@require_GET
def tracker_list(request: HttpRequest) -> HttpResponse:
    _tracker_reader(request)
    jobs = selectors.tracker_jobs()
    periods = [p for p in report_selectors.period_list() if p.opens_on is not None]
    context = {
        "jobs": jobs,
        "periods": periods,
        "busy": any(job.is_active for job in jobs),
        "default_period": selectors.next_tracker_period(periods),
        "can_produce": permissions.can_produce_trackers(request.user),
    }
    template = "tracker/list.html#jobs" if request.htmx else "tracker/list.html"
    return render(request, template, context)


@require_POST
def tracker_produce(request: HttpRequest) -> HttpResponse:
    _tracker_producer(request)
    period = period_selectors.period_get(slug=request.POST.get("period", ""))
    languages = [code for code in request.POST.getlist("language") if code in ("en", "fr")] or ["en", "fr"]
    override = request.POST.get("override", "")
    waiting = False
    held = []
    for language in languages:
        try:
            with outbox.collect() as sent:
                job = services.tracker_request(period=period, language=language, by=request.user, override=override)
        except services.TrackerUntranslated as untranslated:
            held.append((language, untranslated.gaps))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("The %(language)s tracker for %(period)s is queued (version %(version)s).")
                % {"language": job.language_in_sentence, "period": period.label, "version": job.version},
            )
            waiting = waiting or bool(sent.waiting)
    if waiting:
        messages.info(request, QUEUE_WAITING)
    if held:
        # Refused, with what is missing and where to fix it; the same form, with a reason, overrides.
        blocks = [
            {"language": language, "name": LANGUAGE_IN_SENTENCE[language], "gaps": gaps} for language, gaps in held
        ]
        return render(
            request,
            "tracker/untranslated.html",
            {"period": period, "blocks": blocks, "override": override, "reason_missing": "override" in request.POST},
            status=422,
        )
    return redirect("tracker:list")


@require_POST
def tracker_retry(request: HttpRequest, pk: int) -> HttpResponse:
    _tracker_producer(request)
    job = _tracker_job(pk)
    try:
        with outbox.collect() as sent:
            services.tracker_retry(job=job, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Queued again."))
        if sent.waiting:
            messages.info(request, QUEUE_WAITING)
    return redirect("tracker:list")


def _tracker_job(pk: int):
    job = TrackerJob.objects.select_related("period").filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


@require_GET
def tracker_download(request: HttpRequest, pk: int) -> HttpResponse:
    _tracker_reader(request)
    job = _tracker_job(pk)
    if job.status != job.Status.DONE or not job.file:
        raise Http404(_("This tracker is not ready."))
    selectors.tracker_changes_since([job])  # an out-of-date version says so in its file name
    try:  # streamed from the default storage (the disk or an object store), never from a public URL
        stored = job.file.storage.open(job.file.name, "rb")
    except FileNotFoundError:
        raise Http404(_("This tracker's file is missing from the file storage; produce it again.")) from None
    response = FileResponse(stored, as_attachment=True, filename=job.download_name)
    response["X-Tracker-Out-Of-Date"] = "true" if job.is_out_of_date else "false"
    response["Content-Type"] = "application/pdf"
    response["X-Content-SHA256"] = job.sha256
    return response


@require_http_methods(["GET", "POST"])
def tracker_curate(request: HttpRequest, slug: str) -> HttpResponse:
    _tracker_producer(request)
    period = period_selectors.period_get(slug=slug)
    curation, rows = selectors.curation_page(period=period)
    errors = []
    if request.method == "POST":
        actions = {
            row["sector"].pk: (
                request.POST.get(f"actions_en-{row['sector'].pk}", ""),
                request.POST.get(f"actions_fr-{row['sector'].pk}", ""),
            )
            for row in rows
        }
        summary = {"summary_en": request.POST.get("summary_en", ""), "summary_fr": request.POST.get("summary_fr", "")}
        try:
            services.curation_save(period=period, by=request.user, actions=actions, **summary)
        except ValidationError as error:
            # Nothing was saved: the page comes back with what was sent and what to shorten.
            labels = {
                "summary_en": _("Executive summary (English)"),
                "summary_fr": _("Executive summary (French)"),
                **{
                    f"actions_{language}-{row['sector'].pk}": label % {"sector": row["sector"].code}
                    for row in rows
                    for language, label in (
                        ("en", _("%(sector)s top actions (English)")),
                        ("fr", _("%(sector)s top actions (French)")),
                    )
                },
            }
            errors = [
                _("%(label)s: %(error)s") % {"label": labels.get(name, name), "error": message}
                for name, found in error.message_dict.items()
                for message in found
            ]
            curation = summary
            rows = [
                {**row, "actions_en": actions[row["sector"].pk][0], "actions_fr": actions[row["sector"].pk][1]}
                for row in rows
            ]
        else:
            messages.success(request, _("The tracker's wording for %(period)s is saved.") % {"period": period.label})
            return redirect("tracker:list")
    limits = {
        "summary": TrackerCuration._meta.get_field("summary_en").max_length,
        "actions": TrackerActions._meta.get_field("actions_en").max_length,
    }
    context = {"period": period, "curation": curation, "rows": rows, "errors": errors, "limits": limits}
    return render(request, "tracker/curate.html", context, status=form_status(invalid=errors))
