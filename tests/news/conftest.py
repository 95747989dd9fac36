import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse

from news.roles import assign_role


def _user(username, role):
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-only", is_staff=True)
    assign_role(user, role)
    return user


@pytest.fixture
def editor(db):
    return _user("editor", "editor")


@pytest.fixture
def reviewer(db):
    return _user("reviewer", "reviewer")


@pytest.fixture
def chief(db):
    return _user("chief", "chief_editor")


def form_data(response):
    """The POST data a browser would send back for the admin form rendered in `response`, unchanged."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        if isinstance(form.fields[name].widget, forms.MultiWidget):
            # A date and a time: posted as the browser posts them, one input each, as the form shows them.
            context = form.fields[name].widget.get_context(form.add_prefix(name), form[name].value(), {})
            for widget in context["widget"]["subwidgets"]:
                if widget["value"] not in (None, ""):
                    data[widget["name"]] = widget["value"]
            continue
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(item) for item in value]
        elif value is None:
            continue
        else:
            data[name] = str(value)
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    return data


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def get_form(client, article=None):
    url = change_url(article) if article else reverse("admin:news_article_add")
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response)
