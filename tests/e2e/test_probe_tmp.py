import pytest
from tests.e2e.test_register import phone_page  # noqa
from tests.factories import make_project

pytestmark = pytest.mark.e2e

def test_probe(phone_page):
    make_project()
    import time; time.sleep(2)
    phone_page.goto("/en/")
