"""Signing in (with a password, or through the department's identity provider), signing out, the
language switch and "My preferences": where a person's language is set and used."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy, translate_url
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from core.forms import form_status

from . import oidc, services
from .forms import PasswordResetForm, PreferencesForm
from .services import LANGUAGE_CODES

logger = logging.getLogger("accounts.signin")

SIGN_IN_LANGUAGE = "oidc_sign_in_language"  # the session's note of the page's language at the start


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


def _in_their_language(response: HttpResponse, user) -> HttpResponse:
    """A person who chose a language lands in it (the page asked for, or home)."""
    language = user.preferred_language
    if not language:
        return response
    response = HttpResponseRedirect(translate_url(response["Location"], language))
    _language_cookie(response, language)
    return response


def local_sign_in_enabled() -> bool:
    """The username and password form: on, unless switched off while the identity provider is configured."""
    return settings.LOCAL_SIGN_IN or not settings.OIDC_ENABLED


class SignInView(auth_views.LoginView):
    """Django's sign-in, and the button to the department's identity provider when one is configured."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.OIDC_ENABLED
        context["password_off"] = not local_sign_in_enabled()  # absent (the lockout page): the form shows
        return context

    def post(self, request, *args, **kwargs):
        if not local_sign_in_enabled():
            logger.warning("Password sign-in refused: it is switched off (LOCAL_SIGN_IN=0)")
            return self.render_to_response(self.get_context_data(), status=403)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        logger.info("Signed in with a password: user %s", form.get_user().pk)
        return _in_their_language(response, form.get_user())


def _provider_failed(request: HttpRequest, reason: str, status: int = 403) -> HttpResponse:
    """The page that says signing in through the provider did not work; the log says why (never a
    token, a code or a secret)."""
    logger.warning("Sign-in through the identity provider refused: %s", reason)
    return render(request, "accounts/provider_failed.html", {"title": _("Signing in did not work")}, status=status)


def _provider_unavailable(request: HttpRequest, error: Exception) -> HttpResponse:
    logger.error("The identity provider could not be reached: %s", error)
    context = {"title": _("Signing in did not work"), "unavailable": True}
    return render(request, "accounts/provider_failed.html", context, status=503)


@method_decorator(login_not_required, name="dispatch")
class ProviderSignInView(OIDCAuthenticationRequestView):
    """Off to the identity provider, with state, nonce and PKCE (mozilla-django-oidc)."""

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404("The identity provider is not configured.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc.provider().authorization_endpoint
        except oidc.ProviderUnavailable as error:
            return _provider_unavailable(request, error)
        # The way back (/oidc/callback/) has one address for both languages: remember this one.
        request.session[SIGN_IN_LANGUAGE] = translation.get_language()
        return super().get(request)

    def get_extra_params(self, request):
        """The provider's pages in the language of the page the person came from."""
        return {**super().get_extra_params(request), "ui_locales": translation.get_language()}


@method_decorator(login_not_required, name="dispatch")
class ProviderCallbackView(OIDCAuthenticationCallbackView):
    """Back from the identity provider: the library checks the state, the nonce and the token; any
    refusal is a page that says so, never an error 500."""

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404("The identity provider is not configured.")
        language = request.session.get(SIGN_IN_LANGUAGE)
        with translation.override(language if language in LANGUAGE_CODES else translation.get_language()):
            return self._back_from_the_provider(request)

    def _back_from_the_provider(self, request):
        """The library's callback, every page and address it answers with in the language the person
        started signing in in (the refusal page, the home page of a person with no language of theirs)."""
        try:
            return super().get(request)
        except (SuspiciousOperation, jwt.InvalidTokenError, jwt.PyJWKError) as error:  # expired, badly signed…
            return _provider_failed(request, f"{type(error).__name__}: {error}", status=400)
        except ValidationError as error:
            return _provider_failed(request, f"the provider's claims make no valid account: {error.messages}")
        except requests.HTTPError as error:
            status = error.response.status_code if error.response is not None else "?"
            return _provider_failed(request, f"the provider refused the code (HTTP {status})", status=400)
        except (requests.RequestException, oidc.ProviderUnavailable) as error:
            return _provider_unavailable(request, error)

    def login_failure(self):
        error = self.request.GET.get("error", "")
        return _provider_failed(self.request, f"the provider answered {error}" if error else "no account signed in")

    def login_success(self):
        response = super().login_success()
        logger.info("Signed in through the identity provider: user %s", self.user.pk)
        return _in_their_language(response, self.user)


class SignOutView(auth_views.LogoutView):
    """Django's sign-out; after a sign-in through the provider, its session ends too when it can."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token")
        user = request.user.pk
        response = super().post(request, *args, **kwargs)
        if user:
            logger.info("Signed out: user %s", user)
        if not (id_token and settings.OIDC_ENABLED):
            return response
        try:
            end_session = oidc.provider().end_session_endpoint
        except oidc.ProviderUnavailable:
            return response
        if not end_session:
            return response
        query = urlencode(
            {
                "id_token_hint": id_token,
                "client_id": settings.OIDC_RP_CLIENT_ID,
                "post_logout_redirect_uri": request.build_absolute_uri(response["Location"]),
            }
        )
        # A page that goes on to the provider, not a redirect: the sign-out form may only lead to
        # this site (the security policy's form-action 'self'), a page may open the provider's.
        return render(request, "accounts/signed_out.html", {"end_session": f"{end_session}?{query}"})


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
        {"form": form, "passwords": local_sign_in_enabled()},
        status=form_status(invalid=form.is_bound),
    )


# -- local passwords: change, and reset by e-mail (Django's views, in the site's layout) -----------
class _LocalPasswords:
    """The password pages exist while password sign-in does (``local_sign_in_enabled``); an invalid
    form answers 422, as every form of the site does."""

    def dispatch(self, request, *args, **kwargs):
        if not local_sign_in_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 422
        return response


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(_LocalPasswords, auth_views.PasswordResetView):
    """ "Forgot your password?": a link by e-mail, in the person's language. Whether the address is
    known is not said (the same page either way); people who sign in through the identity
    provider have no password here and get no e-mail."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        logger.info("Password reset asked for")  # never the address typed
        return super().form_valid(form)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(_LocalPasswords, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(_LocalPasswords, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        logger.info("Password reset by e-mail link: user %s", form.user.pk)
        return super().form_valid(form)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(_LocalPasswords, auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(_LocalPasswords, auth_views.PasswordChangeView):
    """A signed-in person changes their own password; one who signs in through the identity
    provider is told where theirs is managed."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password-change-done")

    def post(self, request, *args, **kwargs):
        if not request.user.has_usable_password():
            return self.render_to_response(self.get_context_data(), status=403)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        logger.info("Password changed: user %s", self.request.user.pk)
        return super().form_valid(form)


class PasswordChangeDoneView(_LocalPasswords, auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
