"""Render the ministerial tracker in English and French, as PDF and one PNG per page, to look at.

    python scripts/render_tracker.py                      # the demo's approved quarter, into ./tracker-pages/
    python scripts/render_tracker.py 2025-26-q3 --out /tmp/pages --dpi 90

It renders straight from the database the settings name (the demo after ``manage.py load_demo``),
without a worker and without keeping a tracker version. PNG pages need ``pdftoppm`` (poppler-utils);
without it only the PDFs are written. Look at every page of both languages after a change to
``templates/tracker/pdf/``, ``static/css/tracker.css`` or the charts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("period", nargs="?", default="2025-26-q2", help="the period's slug, e.g. 2025-26-q2")
    parser.add_argument("--out", default="tracker-pages", help="folder for the PDFs and PNG pages")
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from periods.models import ReportingPeriod
    from tracker.rendering import render_pdf

    period = ReportingPeriod.objects.filter(slug=args.period).first()
    if period is None:
        print(f"No period {args.period}: run `python manage.py load_demo` first, or name another period.")
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pdftoppm = shutil.which("pdftoppm")
    for language in ("en", "fr"):
        rendered = render_pdf(period=period, language=language)
        pdf = out / f"tracker-{period.slug}-{language}.pdf"
        pdf.write_bytes(rendered.data)
        print(f"{pdf} ({rendered.pages} pages)")
        if pdftoppm:
            prefix = out / f"tracker-{period.slug}-{language}"
            subprocess.run([pdftoppm, "-r", str(args.dpi), "-png", str(pdf), str(prefix)], check=True)  # noqa: S603 -- pdftoppm found by shutil.which, arguments are ours
            print(f"  pages: {prefix}-*.png")
    if not pdftoppm:
        print("pdftoppm is not installed (apt-get install poppler-utils): only the PDFs were written.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
