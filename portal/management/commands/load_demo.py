from django.core.management.base import BaseCommand
from django.db import transaction

from portal import registry
from portal.demo import DEMO_PASSWORD

__all__ = ["Command", "DEMO_PASSWORD"]


class Command(BaseCommand):
    help = "Load the demo content (site chrome, news, programme, project register). Safe to run again."

    def handle(self, *args, **options):
        # Each app registers its own steps (portal/registry.py), in INSTALLED_APPS order: the site, then the apps.
        credentials = []
        with transaction.atomic():
            for loader in registry.demo_loaders():
                loader()
            for loader in registry.demo_logins():
                credentials += loader()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        for username, password in credentials:
            self.stdout.write(f"  /admin/ login: {username} / {password}")
