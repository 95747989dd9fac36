from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects.services import ImportFileError, import_limits, projects_import
from projects.spreadsheets import MB

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Import signed projects from a CSV or XLSX file: all rows or none (see docs/import-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8, UTF-8 with BOM or GB18030) or XLSX file.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; write nothing.")
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Show a progress bar on stderr even when stderr is not a terminal (it is shown on a terminal).",
        )

    def handle(self, *args, file, dry_run, progress, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        limits = import_limits()
        # Checked before reading: the file is read into memory whole.
        if path.stat().st_size > limits.file_bytes:
            raise CommandError(
                _("The file is larger than %(size)s MB; split it into smaller files.")
                % {"size": limits.file_bytes // MB}
            )
        show_bar = progress or self.stderr.isatty()
        try:
            result = projects_import(
                data=path.read_bytes(),
                filename=path.name,
                dry_run=dry_run,
                progress=self.progress if show_bar else None,
                limits=limits,
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        finally:
            if show_bar:
                self.stderr.write("")
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            if result.errors_not_shown:
                self.stderr.write(_("… and %(count)s more.") % {"count": result.errors_not_shown})
            raise CommandError(
                _("%(count)s errors; nothing was imported.") % {"count": result.error_count}, returncode=2
            )
        summary = _("%(created)s to create, %(updated)s to update.") % {
            "created": len(result.created),
            "updated": len(result.updated),
        }
        if dry_run:
            self.stdout.write(_("Dry run, nothing written: %(summary)s") % {"summary": summary})
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported: %(summary)s") % {"summary": summary}))

    def progress(self, rows, fraction):
        """A one-line bar on stderr, redrawn after each batch, so an editor sees a long import advance."""
        filled = int(BAR_WIDTH * fraction)
        count = ngettext("%(count)s row", "%(count)s rows", rows) % {"count": rows}
        self.stderr.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {fraction:4.0%} {count}", ending="")
