"""Static files in production: the project's own CSS minified, then fingerprinted and compressed by whitenoise."""

import rcssmin
from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage

# Only our stylesheets: the admin's and vendored CSS ship as their authors made them.
MINIFIED_PREFIX = "css/"


class MinifyingSource:
    """A source storage whose stylesheets read as minified CSS, so that the hash is of what is served."""

    def __init__(self, storage):
        self.storage = storage

    def open(self, path, mode="rb"):
        with self.storage.open(path, mode) as original:
            css = original.read().decode("utf-8")
        return ContentFile(rcssmin.cssmin(css).encode("utf-8"), name=path)

    def __getattr__(self, name):
        return getattr(self.storage, name)


class PortalStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def post_process(self, paths, dry_run=False, **options):
        paths = {
            name: (
                MinifyingSource(storage) if name.startswith(MINIFIED_PREFIX) and name.endswith(".css") else storage,
                path,
            )
            for name, (storage, path) in paths.items()
        }
        yield from super().post_process(paths, dry_run, **options)
