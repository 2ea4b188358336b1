from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from demo.plans import DEMO_USERS, demo_load, demo_password
from sectors.models import Sector


class Command(BaseCommand):
    help = (
        "Load the demo data from the ARTF deck into an empty database. A database that already "
        "holds sectors is left as it is, so people's work survives a restart; --reset erases "
        "everything first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Erase every row of the database (people's work included), then load the demo.",
        )
        parser.add_argument("--yes", action="store_true", help="With --reset: do not ask for confirmation.")

    def handle(self, *args, reset=False, yes=False, **options):
        if reset:
            if not yes and input("This erases every row of the database. Type 'reset' to go on: ").strip() != "reset":
                raise CommandError("Nothing was erased.")
            call_command("flush", interactive=False, verbosity=0)
        elif Sector.objects.exists():
            self.stdout.write(
                "The database already holds data: the demo was not loaded, so nothing anyone changed is "
                "overwritten. To start again from the demo (erasing everything), run `make demo-reset`."
            )
            self._logins()
            return
        counts = demo_load()
        for name, count in counts.items():
            self.stdout.write(f"  {name}: {count}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self._logins()

    def _logins(self):
        logins = ", ".join([u[0] for u in DEMO_USERS] + ["admin"])
        self.stdout.write(f"Demo logins: {logins} — password: {demo_password()}")
