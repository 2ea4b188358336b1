"""Every path and method that reaches the feedback box is quiet, and loses nothing (issue 13 item 8).

The box without its trailing slash is served, not redirected (a redirected POST loses its text);
a refused CSRF token shows the form again with the text; and a real gunicorn process with the
production settings writes no line — access log, error log, Django's own — about any request to
the box, whatever its method or answer, while it does log the rest of the site.
"""

import http.client
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from feedback.models import FeedbackSubmission
from tests.conftest import need_service

from .conftest import wait_for_port

ROOT = Path(__file__).resolve().parents[2]


# -- without the slash, and with a refused token: nothing is lost ---------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_box_without_its_trailing_slash_is_the_box(client, language):
    page = client.get(f"/{language}/feedback")
    assert page.status_code == 200  # not a redirect: nothing to log, nothing to lose
    assert ("Send anonymously" if language == "en" else "Envoyer anonymement") in page.content.decode()
    sent = client.post(f"/{language}/feedback", {"message": f"Posted without the slash ({language})."})
    assert sent.status_code == 302 and sent["Location"] == f"/{language}/feedback/thanks/"
    assert FeedbackSubmission.objects.get().message == f"Posted without the slash ({language})."


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_refused_security_token_shows_the_text_again(language):
    browser = Client(enforce_csrf_checks=True)
    refused = browser.post(f"/{language}/feedback/", {"message": "Typed, then the cookie was gone."})
    assert refused.status_code == 403
    body = refused.content.decode()
    assert "Typed, then the cookie was gone." in body
    if language == "en":
        assert "Your message was not sent" in body and "Nothing was kept from this attempt" in body
    else:
        assert "Votre message n’a pas été envoyé" in body and "Rien n’a été conservé" in body
    assert not FeedbackSubmission.objects.exists()
    # The page it answered with carries a fresh token: sending again works.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    again = browser.post(
        f"/{language}/feedback/", {"message": "Typed, then the cookie was gone.", "csrfmiddlewaretoken": token}
    )
    assert again.status_code == 302
    assert FeedbackSubmission.objects.count() == 1


@pytest.mark.django_db
def test_the_next_page_is_not_told_the_person_came_from_the_box(client):
    """A link followed from the box would carry it as Referer into that page's access-log line;
    the box's pages let the browser send the site's origin only (still enough for the CSRF check)."""
    for response in (
        client.get("/en/feedback/"),
        client.get("/en/feedback"),
        client.post("/en/feedback/", {"message": "Kept."}),
        client.get("/en/feedback/thanks/"),
        client.post("/en/feedback/", {"message": ""}),
        Client(enforce_csrf_checks=True).post("/en/feedback/", {"message": "No token."}),
    ):
        assert response["Referrer-Policy"] == "strict-origin", response
    assert client.get("/en/accounts/login/")["Referrer-Policy"] != "strict-origin"


@pytest.mark.django_db
def test_a_refused_token_elsewhere_gets_the_ordinary_403():
    refused = Client(enforce_csrf_checks=True).post("/en/accounts/login/", {"username": "x", "password": "y"})
    assert refused.status_code == 403 and "Send anonymously" not in refused.content.decode()


# -- a real gunicorn: no line about the box -------------------------------------------------------
PORT = 8131
CLIENT = "198.51.100.23"  # the person's address, as the TLS proxy forwards it
BOX_AGENT = "Box-Agent/7.1 (quiet test)"
CONTROL_AGENT = "Control-Agent/3.2 (logged)"


class Browser:
    """Plain HTTP through "the proxy": X-Forwarded-For and -Proto as the TLS proxy would add them."""

    def __init__(self, agent: str):
        self.agent, self.cookies = agent, {}

    def request(self, method, path, body=None, *, csrf=True):
        origin = f"https://127.0.0.1:{PORT}"
        headers = {
            "Host": f"127.0.0.1:{PORT}",
            "User-Agent": self.agent,
            "X-Forwarded-For": CLIENT,
            "X-Forwarded-Proto": "https",
            "Origin": origin,  # what a browser sends with a form (the box's pages send no path as Referer)
        }
        if csrf and self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            if csrf and "csrftoken" in self.cookies:
                body = {**body, "csrfmiddlewaretoken": self.token}
            from urllib.parse import urlencode

            body = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        if match:
            self.token = match.group(1)
        connection.close()
        return response.status, response.getheader("Location"), text


@pytest.fixture
def gunicorn(tmp_path, transactional_db, own_redis):
    """Gunicorn as docker-compose runs it: production settings, the quiet logger, Redis with a
    password; its access log, error log, stdout and stderr each captured in a file."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        database_url = (
            f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    else:
        database_url = f"sqlite:///{db['NAME']}"
    redis = own_redis(6382, password="quiet-box-test")
    # The production settings, but plain static files: the manifest would need a 45 s collectstatic.
    (tmp_path / "quiet_box_settings.py").write_text(
        "from config.settings.production import *  # noqa\n"
        "STORAGES = {**STORAGES, 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FEEDBACK_"))},
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
        "DJANGO_SETTINGS_MODULE": "quiet_box_settings",
        "DJANGO_SECRET_KEY": "quiet-box-test-" + "q" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CONN_MAX_AGE": "0",
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "DJANGO_LOG_LEVEL": "DEBUG",
        "SITE_URL": f"https://127.0.0.1:{PORT}",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis.url,
        "FEEDBACK_RATE_LIMIT": "2",
    }
    logs = {name: tmp_path / f"{name}.log" for name in ("access", "error", "stdout", "stderr")}
    # The deployment's own configuration file; the command line only moves the port and the log files.
    command = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "--bind", f"127.0.0.1:{PORT}"]
    command += ["--workers", "1", "--log-level", "debug"]
    command += ["--access-logfile", str(logs["access"]), "--error-logfile", str(logs["error"])]
    with open(logs["stdout"], "w") as stdout, open(logs["stderr"], "w") as stderr:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
    try:
        wait_for_port(PORT, timeout=60)
    except RuntimeError:
        process.kill()
        need_service(f"gunicorn did not start: {logs['stderr'].read_text()[-2000:]}")

    def stop() -> str:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
        return {name: path.read_text() for name, path in logs.items()}

    yield stop
    stop()


@pytest.mark.services
def test_gunicorn_and_django_write_no_line_about_the_box(gunicorn):
    box = Browser(BOX_AGENT)
    answers = {}

    def ask(label, method, path, body=None, **options):
        answers[label] = box.request(method, path, body, **options)
        return answers[label]

    ask("form", "GET", "/en/feedback/")
    for path in ("/en/feedback", "/fr/feedback", "/fr/feedback/", "/feedback/", "/feedback", "/en/feedback/thanks"):
        ask(path, "GET", path)
    for method in ("HEAD", "OPTIONS", "DELETE"):
        ask(method, method, "/en/feedback/")
    ask("HEAD without slash", "HEAD", "/en/feedback")
    ask("not found", "GET", "/en/feedback/nothing-here/")
    ask("NUL", "GET", "/en/feedback/?q=%00")
    ask("sent without slash", "POST", "/en/feedback", {"message": "Quiet box, posted without the slash."})
    ask("sent", "POST", "/en/feedback/", {"message": "Quiet box, posted with the slash."})
    ask("empty", "POST", "/en/feedback/", {"message": ""})
    ask("too long", "POST", "/en/feedback/", {"message": "x" * 2001})
    ask("no token", "POST", "/en/feedback/", {"message": "Quiet box, no token."}, csrf=False)
    ask("limited", "POST", "/en/feedback/", {"message": "Quiet box, third: rate limited."})
    ask("thanks", "GET", "/en/feedback/thanks/")

    control = Browser(CONTROL_AGENT)
    logged = {
        "login": control.request("GET", "/en/accounts/login/"),
        "missing": control.request("GET", "/en/no-such-page/"),
        "triage": control.request("GET", "/en/feedback/triage/"),
    }
    logs = gunicorn()

    statuses = {label: answer[0] for label, answer in answers.items()}
    assert statuses == {
        "form": 200,
        "/en/feedback": 200,
        "/fr/feedback": 200,
        "/fr/feedback/": 200,
        "/feedback/": 302,
        "/feedback": 302,
        "/en/feedback/thanks": 301,
        "HEAD": 405,
        "OPTIONS": 405,
        "DELETE": 403,  # refused by the CSRF check before the view
        "HEAD without slash": 405,
        "not found": 404,
        "NUL": 400,
        "sent without slash": 302,
        "sent": 302,
        "empty": 422,
        "too long": 422,
        "no token": 403,
        "limited": 429,
        "thanks": 200,
    }, logs
    assert "Quiet box, no token." in answers["no token"][2] and "Quiet box, third" in answers["limited"][2]
    assert set(FeedbackSubmission.objects.values_list("message", flat=True)) == {
        "Quiet box, posted without the slash.",
        "Quiet box, posted with the slash.",
    }
    assert [answer[0] for answer in logged.values()] == [200, 404, 302]

    everything = "\n".join(logs.values())
    assert BOX_AGENT not in everything and CLIENT not in everything
    about_the_box = [
        line
        for line in everything.splitlines()
        if re.search(r"feedback", line, re.I) and "/feedback/triage/" not in line
    ]
    assert about_the_box == [], about_the_box
    # The control requests were logged: these logs do record what is not the box.
    assert re.search(r'"GET /en/accounts/login/ HTTP/1\.1" 200 .*Control-Agent/3\.2', logs["access"]), logs["access"]
    assert '"GET /en/feedback/triage/ HTTP/1.1" 302' in logs["access"]
    assert "Not Found: /en/no-such-page/" in logs["stderr"], logs["stderr"]
