"""Two editors save the same article at the same moment, through the admin: the scenario, shared by the in-process
PostgreSQL test and the SQLite one, which runs this module in a process of its own on a file database (threads
cannot share an in-memory SQLite database the way they share a server's).

`python -m tests.news.race` migrates the database named by DATABASE_URL, runs the scenario and prints its outcome
as JSON.
"""

import json
import threading
import time

RACE_TITLES = {"first": "先保存的标题", "second": "后保存的标题"}


def run_race():
    """Both editors open the form; the first one's save is held inside its transaction while the second one posts.

    Returns each side's status code and what the second one's page says and keeps, and the title stored.
    """
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from news.models import Article
    from news.roles import assign_role
    from tests.factories import make_article
    from tests.news.conftest import change_url, get_form

    users = []
    for name, role in (("race-editor", "editor"), ("race-reviewer", "reviewer")):
        user = get_user_model().objects.create_user(username=name, password="pw-for-tests-only", is_staff=True)
        assign_role(user, role)
        users.append(user)
    article = make_article(title_zh_hans="原来的标题", state=Article.State.DRAFT, published_at=None)
    clients, forms = [], []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
        forms.append(get_form(client, article))

    first_inside_save = threading.Event()
    original_save = Article.save

    def held_save(self, *args, **kwargs):
        if threading.current_thread().name == "first":
            first_inside_save.set()
            # Long enough for the second request to reach the database and wait there.
            time.sleep(1.0)
        return original_save(self, *args, **kwargs)

    outcome = {}

    def post(name, index):
        try:
            response = clients[index].post(change_url(article), {**forms[index], "title_zh_hans": RACE_TITLES[name]})
            outcome[name] = {"status": response.status_code, "html": response.content.decode()}
        finally:
            connection.close()

    Article.save = held_save
    try:
        first = threading.Thread(target=post, args=("first", 0), name="first")
        second = threading.Thread(target=post, args=("second", 1), name="second")
        first.start()
        first_inside_save.wait(10)
        second.start()
        first.join(30)
        second.join(30)
    finally:
        Article.save = original_save
    second_html = outcome["second"]["html"]
    return {
        "first_status": outcome["first"]["status"],
        "second_status": outcome["second"]["status"],
        "second_told": "有人在您编辑期间保存了这篇文章" in second_html,
        "second_text_kept": f'value="{RACE_TITLES["second"]}"' in second_html,
        "stored_title": Article.objects.get(pk=article.pk).title_zh_hans,
    }


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # responses carry their template context, as under pytest
    call_command("migrate", verbosity=0)
    print(json.dumps(run_race()))
