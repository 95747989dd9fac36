from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from projects.services import ImportFileError, projects_import

BAR_WIDTH = 30
BAR_FROM_ROWS = 50


class Command(BaseCommand):
    help = "Import signed projects from a CSV or XLSX file: all rows or none (see docs/import-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8, UTF-8 with BOM or GB18030) or XLSX file.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; write nothing.")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            result = projects_import(
                data=path.read_bytes(), filename=path.name, dry_run=dry_run, progress=self.progress
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(count)s errors; nothing was imported.") % {"count": len(result.errors)}, returncode=2
            )
        summary = _("%(created)s to create, %(updated)s to update.") % {
            "created": len(result.created),
            "updated": len(result.updated),
        }
        if dry_run:
            self.stdout.write(_("Dry run, nothing written: %(summary)s") % {"summary": summary})
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported: %(summary)s") % {"summary": summary}))

    def progress(self, done, total):
        """A one-line bar on large files, so an editor sees a long import advance."""
        if total < BAR_FROM_ROWS:
            return
        filled = BAR_WIDTH * done // total
        self.stdout.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}", ending="")
        if done == total:
            self.stdout.write("")
