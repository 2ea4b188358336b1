"""A page's cost in CPU instructions, which another process on the machine does not change.

Wall-clock times on a shared 2-core machine move by tens of percent; instruction counts under
callgrind repeat to a fraction of one. Used to hold a change "no slower" side by side with an
older tree (BENCHMARKS.md, issue 14's comparison)::

    python -m bench.instructions setup artracker_cg          # once: the demo, CSS grown to 200 initiatives
    for n in 0 3; do DJANGO_DEBUG=0 valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.$n \\
        python -m bench.instructions page artracker_cg /en/plans/CSS/ lead-css $n; done

The difference between the two runs' "Collected" totals is the cost of three requests (the first
run pays for starting Python and Django and two warm-up requests, as the second does).
``CG_NOCACHE=1`` measures without a cache (the dashboard's figures computed every time).
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


def main(argv: list[str]) -> int:
    mode, database = argv[0], argv[1]
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    if os.environ.get("CG_NOCACHE"):
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    if mode == "setup":
        from django.core.management import call_command

        from bench.__main__ import grow_plan
        from demo.plans import demo_load

        call_command("migrate", verbosity=0)
        demo_load()
        grow_plan("CSS", initiatives=200, values=2000)
        return 0
    url, username, count = argv[2], argv[3], int(argv[4])
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    for _ in range(2 + count):
        assert client.get(url).status_code == 200
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
