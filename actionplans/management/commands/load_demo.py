from django.core.management.base import BaseCommand

from actionplans.demo import DEMO_USERS, demo_load, demo_password


class Command(BaseCommand):
    help = "Load the demo data from the ARTF deck (idempotent: run it twice, get the same rows)."

    def handle(self, *args, **options):
        counts = demo_load()
        for name, count in counts.items():
            self.stdout.write(f"  {name}: {count}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        logins = ", ".join([u[0] for u in DEMO_USERS] + ["admin"])
        self.stdout.write(f"Demo logins: {logins} — password: {demo_password()}")
