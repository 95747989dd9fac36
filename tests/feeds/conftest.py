import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded covers go to a temporary folder, so that enclosure lengths come from real files."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
