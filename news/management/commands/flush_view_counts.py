from django.core.management.base import BaseCommand

from news.view_counts import flush_view_counts


class Command(BaseCommand):
    help = "Write the page views buffered in the cache to the articles. Run it every minute."

    def handle(self, *args, **options):
        written = flush_view_counts()
        self.stdout.write(f"{written} views written.")
