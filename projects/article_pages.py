"""Stored article pages show the sessions and signed projects linked to the article (news/pages.py): forget them when
those change, or whatever makes them public (their edition, their theme)."""

from django.db.models.signals import m2m_changed, post_save, pre_delete

from news.models import Article
from news.pages import forget_pages_of

from .models import Edition, Session, SignedProject, Theme


def linked_articles(instance):
    """The ids of the articles whose pages show `instance` or something under it."""
    if isinstance(instance, Edition):
        sessions, projects = {"sessions__edition": instance}, {"projects__edition": instance}
    elif isinstance(instance, Theme):
        sessions, projects = {"sessions__theme": instance}, None
    elif isinstance(instance, Session):
        sessions, projects = {"sessions": instance}, None
    else:
        sessions, projects = None, {"projects": instance}
    ids = set()
    for condition in (sessions, projects):
        if condition is not None:
            ids.update(Article.objects.filter(**condition).values_list("pk", flat=True))
    return ids


def forget_pages_of_projects_in(edition_ids):
    """After a bulk import (no signal per row): the pages of articles linked to projects of these editions."""
    forget_pages_of(Article.objects.filter(projects__edition__in=edition_ids).values("pk"))


def programme_changed(sender, instance, **kwargs):
    forget_pages_of(linked_articles(instance))


def links_changed(sender, instance, action, pk_set, reverse, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:
        # article.sessions.add(...): the instance is the article.
        forget_pages_of([instance.pk])
    elif action == "pre_clear":
        forget_pages_of(instance.articles.values_list("pk", flat=True))
    else:
        forget_pages_of(pk_set or ())


def connect_signals():
    for model in (Edition, Theme, Session, SignedProject):
        post_save.connect(programme_changed, sender=model, dispatch_uid=f"article-pages-{model.__name__}")
        # Before the delete: afterwards the links to the articles are gone.
        pre_delete.connect(programme_changed, sender=model, dispatch_uid=f"article-pages-{model.__name__}-delete")
    for through in (Session.articles.through, SignedProject.articles.through):
        m2m_changed.connect(links_changed, sender=through, dispatch_uid=f"article-pages-{through.__name__}")
