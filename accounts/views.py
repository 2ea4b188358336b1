"""Signing in, the language switch and "My preferences": where a person's language is set and used."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language

from core.forms import form_status

from . import services
from .forms import PreferencesForm
from .services import LANGUAGE_CODES


def _language_cookie(response: HttpResponse, language: str) -> None:
    """The cookie Django's ``set_language`` sets, with the same settings."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@login_not_required
def language_set(request: HttpRequest) -> HttpResponse:
    """The language switch: Django's ``set_language`` (its check of ``next``, the cookie, the same
    page in the other language), and for a signed-in person the language is stored as theirs."""
    next_url = request.POST.get("next", request.GET.get("next")) or ""
    # set_language finds the page in the new language by reading ``next`` in the active language,
    # which here comes from the cookie: read it in the language its own prefix names instead.
    with translation.override(translation.get_language_from_path(next_url) or translation.get_language()):
        response = set_language(request)
    chosen = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen is not None and chosen.value in LANGUAGE_CODES and request.user.is_authenticated:
        services.preferred_language_set(user=request.user, language=chosen.value)
    return response


class SignInView(auth_views.LoginView):
    """Django's sign-in; a person who chose a language lands in it (the page asked for, or home)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        language = form.get_user().preferred_language
        if not language:
            return response
        response = HttpResponseRedirect(translate_url(response["Location"], language))
        _language_cookie(response, language)
        return response


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """My preferences: the language of the site and of one's e-mails."""
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        initial={"preferred_language": request.user.preferred_language},
    )
    if form.is_valid():
        language = form.cleaned_data["preferred_language"]
        services.preferred_language_set(user=request.user, language=language)
        with translation.override(language or translation.get_language()):
            messages.success(request, _("Your preferences are saved."))
            response = redirect(reverse("accounts:preferences"))
        if language:
            _language_cookie(response, language)
        return response
    return render(
        request,
        "accounts/preferences.html",
        {"form": form},
        status=form_status(invalid=form.is_bound),
    )
