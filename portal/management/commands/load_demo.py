import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from news.demo import load_news
from portal.demo import load_site
from projects.demo import load_programme, load_register

DEMO_PASSWORD = "demo-portal-2023"  # noqa: S105 -- published on purpose, used only while DEBUG is on


class Command(BaseCommand):
    help = "Load the demo content (site chrome, news, programme, project register). Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            load_site()
            load_news()
            load_programme()
            load_register()
            credentials = self.create_demo_users()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        for username, password in credentials:
            self.stdout.write(f"  /admin/ login: {username} / {password}")

    def create_demo_users(self):
        """Demo users; a fixed, published password only while DEBUG is on."""
        from news.roles import assign_role

        User = get_user_model()
        credentials = []
        for username, role in [("chief", "chief_editor"), ("reviewer", "reviewer"), ("editor", "editor")]:
            user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
            if settings.DEBUG:
                password = DEMO_PASSWORD
            elif created:
                password = secrets.token_urlsafe(12)
            else:
                continue
            user.set_password(password)
            user.is_staff = True
            user.save()
            assign_role(user, role)
            credentials.append((username, password))
        return credentials
