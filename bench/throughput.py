"""Throughput: gunicorn as production runs it, loaded by ``wrk`` on 127.0.0.1 (issue 17, item 6).

The data is already built in the bench's database (``throughput_data``). This module collects the
static files, starts gunicorn with ``config.settings.production`` and ``-c config/gunicorn.conf.py``
(DEBUG off, sync workers) on that database, signs the bench users in through the real sign-in form,
then runs ``wrk`` with 20 connections over the mix of pages people use, and over a minimal signed-in
page on ``base.html`` in the same run: on a shared machine the ratio of the two is the figure that
counts. Requests carry ``X-Forwarded-Proto: https``, as the TLS proxy sends it.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db import connection

CONNECTIONS = 20
THREADS = 2
DURATION_S = 20
WARMUP_S = 5
MINIMAL_DURATION_S = 10
PAGE_DURATION_S = 5
MINIMAL_URL = "/en/accounts/password/changed/"  # a signed-in page with nothing on it but base.html

# Rotates over the (path, cookie) pairs in turn; counts what was not a 2xx (wrk's own count lets
# 3xx pass, and a redirect to the sign-in page is a failure here); prints one JSON line at the end.
WRK_SCRIPT = """
local targets = {TARGETS}
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  n = id
  not_2xx = 0
end
function request()
  n = n + 1
  local target = targets[n % #targets + 1]
  return wrk.format("GET", target[1], {["Cookie"] = target[2], ["X-Forwarded-Proto"] = "https"})
end
function response(status, headers, body)
  if status < 200 or status > 299 then
    not_2xx = not_2xx + 1
  end
end
function done(summary, latency, requests)
  local not_2xx = 0
  for _, thread in ipairs(threads) do
    not_2xx = not_2xx + thread:get("not_2xx")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
    .. '"max_us": %d, "not_2xx": %d, "socket_errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, not_2xx, e.connect + e.read + e.write + e.timeout))
end
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _redis_url() -> str:
    """The bench's Redis, with a password in the URL as production insists on one. A Redis without
    ``requirepass`` accepts any password given with a user name (``AUTH default …``)."""
    url = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    if url.password:
        return url.geturl()
    return urlunsplit(url._replace(netloc=f"default:bench-no-password@{url.hostname}:{url.port or 6379}"))


def production_env(*, port: int, static_root: str, workers: int) -> dict:
    from core.database import current_database_url

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_")) and key not in ("DATABASE_URL", "REDIS_URL")
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "DATABASE_URL": current_database_url(),
        "REDIS_URL": _redis_url(),
        "DJANGO_STATIC_ROOT": static_root,
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "/dev/null",  # the load writes no log lines to a terminal
    }


class Server:
    """A plain-HTTP client of the gunicorn under test that says it came through the TLS proxy."""

    def __init__(self, port: int):
        self.port = port

    def request(self, method: str, path: str, *, cookies: dict, body: dict | None = None) -> tuple:
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        origin = f"https://127.0.0.1:{self.port}"
        headers = {"X-Forwarded-Proto": "https", "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        data = None
        if body is not None:
            data = urlencode(body)
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin, "Referer": origin + path}
        client.request(method, path, body=data, headers=headers)
        response = client.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                cookies[name] = morsel.value
        client.close()
        return response.status, response.headers, text

    def sign_in(self, username: str, password: str) -> str:
        """The real sign-in form: the page, its CSRF token, the POST. Returns the Cookie header."""
        cookies: dict = {}
        status, _headers, page = self.request("GET", "/en/accounts/login/", cookies=cookies)
        assert status == 200, f"sign-in page: {status}"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"csrfmiddlewaretoken": token, "username": username, "password": password}
        status, headers, _page = self.request("POST", "/en/accounts/login/", cookies=cookies, body=form)
        assert status == 302 and "sessionid" in cookies, f"sign-in as {username}: {status} {headers.get('Location')}"
        return f"sessionid={cookies['sessionid']}"

    def drain(self, seconds: float = 120) -> None:
        """Wait until the workers are idle: when wrk stops, its last requests are still queued at the
        server, and sync workers serve them all; the next run must not start behind them."""
        deadline, quick = time.monotonic() + seconds, 0
        while quick < 3 and time.monotonic() < deadline:
            start = time.monotonic()
            self.request("GET", "/healthz", cookies={})
            quick = quick + 1 if time.monotonic() - start < 0.05 else 0
            time.sleep(0.05)

    def wait(self, child: subprocess.Popen, log: Path, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if child.poll() is not None:
                raise RuntimeError(f"gunicorn stopped ({child.returncode}):\n{log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                if self.request("GET", "/healthz", cookies={})[0] == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer in {seconds} s:\n{log.read_text()[-3000:]}")


def wrk(port: int, targets: list[tuple[str, str]], seconds: int, workdir: str) -> dict:
    pairs = (
        f"{{{json.dumps(path)}, {json.dumps(cookie)}}}" for path, cookie in targets
    )  # ASCII: Lua reads JSON strings
    lua = "{" + ", ".join(pairs) + "}"
    script = Path(workdir) / "mix.lua"
    script.write_text(WRK_SCRIPT.replace("{TARGETS}", lua))
    out = subprocess.run(
        [
            shutil.which("wrk") or "wrk",
            f"--threads={THREADS}",
            f"--connections={CONNECTIONS}",
            f"--duration={seconds}s",
            "--timeout=10s",
            f"--script={script}",
            f"http://127.0.0.1:{port}/",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in out.stdout.splitlines() if line.startswith("WRK-RESULT "))
    raw = json.loads(line.removeprefix("WRK-RESULT "))
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        **{f"p{p}_ms": raw[f"p{p}_us"] / 1000 for p in (50, 95, 99)},
        "max_ms": raw["max_us"] / 1000,
        "not_2xx": raw["not_2xx"],
        "socket_errors": raw["socket_errors"],
    }


def mix_targets() -> list[tuple[str, str, str]]:
    """(what, path, username): the plan of the grown sector and its busiest KPI page as its lead,
    the ARTF dashboard and the home page (every sector's summary) as the ARTF."""
    from django.db.models import Count

    from actionplans.models import KPIValue

    kpi = (
        KPIValue.history.filter(kpi__commitment__plan__sector__code="CSS")
        .values("kpi_id")
        .annotate(records=Count("history_id"))
        .order_by("-records", "kpi_id")
        .first()
    )
    return [
        ("plan page", "/en/plans/CSS/", "lead-css"),
        (f"KPI page ({kpi['records']} history records)", f"/en/plans/CSS/kpis/{kpi['kpi_id']}/", "lead-css"),
        ("ARTF dashboard", "/en/dashboard/", "artf"),
        ("home page", "/en/", "artf"),
    ]


def gunicorn_config(workdir: str, *, gc_freeze: bool) -> str:
    """The one configuration, or (to measure what it is worth) the same without its ``gc.freeze()``."""
    if gc_freeze:
        return "config/gunicorn.conf.py"
    path = Path(workdir) / "gunicorn-no-freeze.conf.py"
    path.write_text("import runpy\nglobals().update(runpy.run_path('config/gunicorn.conf.py'))\ndel post_worker_init\n")
    return str(path)


def bench_throughput(
    *, workers: int = 2, duration: int = DURATION_S, gc_freeze: bool = True, each_page: bool = True
) -> dict:
    """The mix and the minimal page through one gunicorn of ``workers`` sync workers; with
    ``each_page``, every page of the mix alone too (a few seconds each: which one costs what)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    # Production's hasher (the bench's settings hash with MD5, which production does not accept).
    hasher = PBKDF2PasswordHasher()
    password = settings.DEMO_PASSWORD
    get_user_model().objects.filter(username__in=["artf", "lead-css"]).update(
        password=hasher.encode(password, hasher.salt())
    )
    targets = mix_targets()
    port = int(os.environ.get("BENCH_PORT") or _free_port())
    workdir = tempfile.mkdtemp(prefix="artracker-throughput-")
    static_root = os.path.join(workdir, "static")
    env = production_env(port=port, static_root=static_root, workers=workers)
    base_dir = str(settings.BASE_DIR)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=base_dir, env=env, check=True
    )
    log = Path(workdir) / "gunicorn.log"
    connection.close()  # the bench's own connection stays out of the server's way
    with log.open("w") as log_file:
        child = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", gunicorn_config(workdir, gc_freeze=gc_freeze)],
            cwd=base_dir,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        server = Server(port)
        server.wait(child, log)
        cookies = {name: server.sign_in(name, password) for name in {user for _w, _p, user in targets}}
        for what, path, user in [*targets, ("minimal page", MINIMAL_URL, "lead-css")]:
            status, headers, _page = server.request("GET", path, cookies=dict([cookies[user].split("=", 1)]))
            assert status == 200, f"{what} {path} as {user}: {status} {headers.get('Location', '')}"
        mix = [(path, cookies[user]) for _what, path, user in targets]
        minimal = [(MINIMAL_URL, cookies["lead-css"])]
        load_before = os.getloadavg()

        def run(targets: list[tuple[str, str]], seconds: int) -> dict:
            result = wrk(port, targets, seconds, workdir)
            server.drain()
            return result

        run(mix, WARMUP_S)  # every worker has rendered every page, caches are warm
        result_mix = run(mix, duration)
        run(minimal, 2)
        result_minimal = run(minimal, min(duration, MINIMAL_DURATION_S))
        alone = []
        for (what, path, user), target in zip(targets, mix, strict=True) if each_page else ():
            alone.append({"what": what, "path": path, "user": user, **run([target], PAGE_DURATION_S)})
        load_after = os.getloadavg()
    finally:
        child.terminate()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    errors = [line for line in log.read_text().splitlines() if "Traceback" in line or " ERROR " in line]
    shutil.rmtree(workdir, ignore_errors=True)
    return {
        "workers": workers,
        "connections": CONNECTIONS,
        "duration_s": duration,
        "minimal_duration_s": min(duration, MINIMAL_DURATION_S),
        "pages": [(what, path, user) for what, path, user in targets],
        "mix": result_mix,
        "minimal": result_minimal,
        "ratio": result_mix["rps"] / result_minimal["rps"],
        "alone": alone,
        "gc_freeze": gc_freeze,
        "load_before": load_before,
        "load_after": load_after,
        "server_errors": errors[:5],
    }


# The issue 17 run, before any of its work: the mix served 29 requests/s on 2 sync workers where
# an empty page on base.html served 401, on the same machine.
BEFORE_RPS, BEFORE_MINIMAL_RPS = 29, 401


def _row(first: str, name: str, r: dict) -> str:
    return (
        f"| {first} | {name} | {r['requests']:,} | {r['rps']:.1f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
        f"{r['p99_ms']:.0f} | {r['not_2xx']} / {r['socket_errors']} |"
    )


def goal_met(run: dict) -> bool:
    mix = run["mix"]
    fast = mix["rps"] >= 3 * BEFORE_RPS or run["ratio"] >= 3 * BEFORE_RPS / BEFORE_MINIMAL_RPS
    return fast and mix["p95_ms"] <= 300 and not (mix["not_2xx"] or mix["socket_errors"])


def section(runs: list[dict]) -> str:
    """BENCHMARKS.md's throughput section for these runs (the first is the one the goal reads)."""
    first = runs[0]
    rows = []
    for run in runs:
        label = f"{run['workers']}" + ("" if run["gc_freeze"] else ", no `gc.freeze()`")
        rows += [_row(label, "mix", run["mix"]), _row(label, "minimal page", run["minimal"])]
        rows.append(f"| {label} | **mix / minimal** | | **{run['ratio']:.3f}** | | | | |")
    for page in first["alone"]:
        rows.append(_row(f"{first['workers']}", f"alone: {page['what']}", page))
    pages = "; ".join(f"{what} `{path}` as `{user}`" for what, path, user in first["pages"])
    load = "; ".join(
        f"{run['workers']} workers{'' if run['gc_freeze'] else ' unfrozen'}: {run['load_before'][0]:.2f} before, "
        f"{run['load_after'][0]:.2f} after"
        for run in runs
    )
    before_ratio = BEFORE_RPS / BEFORE_MINIMAL_RPS
    return "\n".join(
        [
            "## Throughput (gunicorn, production settings, issue 17)",
            "",
            "| sync workers | load | requests | requests/s | p50 ms | p95 ms | p99 ms | errors (non-2xx / socket) |",
            "|---|---|---:|---:|---:|---:|---:|---|",
            *rows,
            "",
            f"gunicorn `-c config/gunicorn.conf.py` with `config.settings.production` (DEBUG off, persistent "
            f"connections, Redis cache) on 127.0.0.1, at 10× data (100 sectors, 10,000 initiatives, 100,000 KPI "
            f"values; the CSS plan grown to its workspace size), static files collected. `wrk` with "
            f"{first['connections']} connections for {first['duration_s']} s after a {WARMUP_S} s warm-up, "
            f"rotating over the mix: {pages}. Then, on the same server, {first['minimal_duration_s']} s of the minimal "
            f"signed-in page `{MINIMAL_URL}` (`base.html` and nothing else) as `lead-css`, and each page of the mix "
            f"alone for {PAGE_DURATION_S} s. On a shared machine the ratio mix / minimal is the figure to compare. "
            f"Sessions come from the real sign-in form; every request says `X-Forwarded-Proto: https`, as the TLS "
            f"proxy does. Load average (1 min) on {os.cpu_count()} cores — {load}.",
            "",
            f"Goal: on 2 sync workers, the mix at least 3× the {BEFORE_RPS} requests/s measured before "
            f"({3 * BEFORE_RPS}), or at least 3× the ratio to an empty signed-in page measured then "
            f"({BEFORE_RPS}/{BEFORE_MINIMAL_RPS} = {before_ratio:.3f}, so {3 * before_ratio:.3f}); p95 at most "
            f"300 ms; no errors — {'met' if goal_met(first) else 'not met'} in this run.",
            "",
        ]
    )


def replace_section(document: str, marker: str, heading: str, text: str) -> str:
    """``document`` with the section under ``heading`` (up to the next ``## `` or ``<!-- ``) of the
    block that starts with ``marker`` replaced by ``text``, or added at the end of that block."""
    start = document.find(marker)
    if start < 0:
        return f"{marker}\n{text}\n{document}"
    end = document.find("\n<!-- ", start + 1)
    end = len(document) if end < 0 else end + 1
    block = document[start:end]
    at = block.find(heading)
    if at < 0:
        block = block.rstrip("\n") + "\n\n" + text + "\n"
    else:
        stop = block.find("\n## ", at + 1)
        block = block[:at] + text + ("\n" + block[stop + 1 :] if stop >= 0 else "\n")
    return document[:start] + block + document[end:]
