"""Editorial rules: who may edit which article in which state, the version lock, restoring a revision, and the
workflow, where every state change is checked against the user's role and recorded (the history is append-only)."""

import json
import os

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.models import field_suffix

from .diffs import changed_paragraphs, inline_diff
from .models import Article, ArticleTransition, Image

State = Article.State

# action -> (states it may start from, the state it leads to, the permission it needs)
TRANSITIONS = {
    "submit": ({State.DRAFT}, State.IN_REVIEW, "news.submit_article"),
    "approve": ({State.IN_REVIEW}, State.IN_REVIEW, "news.review_article"),
    "return": ({State.IN_REVIEW}, State.DRAFT, "news.review_article"),
    "publish": ({State.IN_REVIEW, State.UNPUBLISHED}, State.PUBLISHED, "news.publish_article"),
    "unpublish": ({State.PUBLISHED}, State.UNPUBLISHED, "news.publish_article"),
    "publish_correction": ({State.PUBLISHED}, State.PUBLISHED, "news.publish_article"),
    "discard_correction": ({State.PUBLISHED}, State.PUBLISHED, "news.publish_article"),
}


def can_transition(user, action, article=None):
    allowed_from, _to, permission = TRANSITIONS[action]
    if not user.has_perm(permission):
        return False
    return article is None or article.state in allowed_from


def _transition(action, *, article, user, comment="", **changes):
    allowed_from, to_state, permission = TRANSITIONS[action]
    if not user.has_perm(permission):
        raise PermissionDenied(_("You are not allowed to do this."))
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        # Stored without words of any language, and said in the reader's language by the history page.
        reversion.set_comment(json.dumps([{"workflow": {"action": action, "comment": comment}}], ensure_ascii=False))
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.state not in allowed_from:
            raise ValidationError(
                _("“%(title)s” is %(state)s; this step is not possible from there.")
                % {"title": article, "state": article.get_state_display()}
            )
        from_state = article.state
        article.state = to_state
        for name, value in changes.items():
            setattr(article, name, value)
        article.version += 1
        article.save(update_fields=["state", "version", "updated_at", *changes])
        ArticleTransition.objects.create(
            article=article, from_state=from_state, to_state=to_state, user=user, comment=comment
        )
    return article


def article_submit(*, article, user, comment=""):
    """An editor hands a draft to the reviewers."""
    return _transition("submit", article=article, user=user, comment=comment)


def article_approve(*, article, user, comment=""):
    """A reviewer approves: the article stays in review, now marked approved, for the chief editor to publish."""
    return _transition("approve", article=article, user=user, comment=comment, is_approved=True)


def article_return(*, article, user, comment):
    """A reviewer sends a draft back to its editor, saying why."""
    if not comment.strip():
        raise ValidationError(_("Say why the article goes back: a comment is required."))
    return _transition("return", article=article, user=user, comment=comment, is_approved=False)


def article_publish(*, article, user, comment="", published_at=None):
    """A chief editor publishes now, or at `published_at` (a time in the future schedules it)."""
    when = published_at or article.published_at or timezone.now()
    return _transition("publish", article=article, user=user, comment=comment, published_at=when)


def article_unpublish(*, article, user, comment=""):
    """A chief editor takes an article off the site; it keeps its text and history."""
    return _transition("unpublish", article=article, user=user, comment=comment, is_approved=False)


def record_creation(*, article, user):
    ArticleTransition.objects.create(
        article=article, from_state="", to_state=article.state, user=user, comment=_("Created")
    )


# Editing: who may change the text, and no edit lost to a concurrent save.


def can_edit(user, article=None):
    """Editors change drafts; text in review is the reviewers' and the chief's, published text the chief's.

    The same rule guards the change form, restoring a revision and every forged POST: the admin asks here.
    """
    if not user.has_perm("news.change_article"):
        return False
    if article is None or article.state == State.DRAFT:
        # Translators hold change_article too, for their languages only (editable_fields).
        return any(user.has_perm(f"news.{step}_article") for step in ("submit", "review", "publish"))
    if article.state == State.IN_REVIEW:
        return user.has_perm("news.review_article") or user.has_perm("news.publish_article")
    return user.has_perm("news.publish_article")


def article_claim_version(*, article_id, expected_version):
    """Locks the article's row until the transaction ends and returns the version the next save carries.

    Called inside the saving transaction, before the save: a concurrent save of the same article waits here for
    this one to commit and then finds the version moved on, so both a sequential and a racing stale save get the
    same refusal (PostgreSQL by the row lock, SQLite because its transactions take the write lock at BEGIN).
    """
    rows = Article.objects.filter(pk=article_id)
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update()
    current = rows.values_list("version", flat=True).first()
    if current is None or expected_version != current:
        raise ValidationError(
            _(
                "Someone else saved this article while you were editing it. Your changes were not saved: "
                "open the article again in a new tab, copy your changes into it and save there."
            ),
            code="stale",
        )
    return current + 1


# Restoring a revision: its text comes back, never its state, approval, publish time or version.

# An article's texts, one field per language each: what restoring, translating and correcting are about.
TRANSLATED_TEXT_FIELDS = ("title", "subtitle", "summary", "body", "source", "author", "responsible_editor")
RESTORED_RELATIONS = ("column", "cover")


def restorable_fields():
    """The model fields a restore may change: the texts in every language, the column and the cover."""
    names = [
        f"{name}_{field_suffix(code)}" for name in TRANSLATED_TEXT_FIELDS for code, _language in settings.LANGUAGES
    ]
    return [Article._meta.get_field(name) for name in names + list(RESTORED_RELATIONS)]


def article_revision_changes(*, article, version):
    """What restoring `version` would change, field by field and language by language: (field, old, new) triples,
    values as the form shows them (related rows as their ids)."""
    stored = version.field_dict
    changes = []
    for field in restorable_fields():
        if field.attname not in stored and field.name not in stored:
            continue
        old = getattr(article, field.attname)
        new = stored.get(field.name, stored.get(field.attname))
        if hasattr(new, "pk"):
            new = new.pk
        if (old or "") != (new or ""):
            changes.append((field, old, new))
    return changes


def article_restore(*, article, version, user, expected_version):
    """Brings back the texts (and column and cover) of an earlier revision as a new save.

    The state, the approval, the publish time and the workflow history stay as they are; the version lock moves on
    like any save's. Refused to whoever may not edit the article in its current state.
    """
    if version.object_id != str(article.pk):
        raise ValidationError(_("This revision belongs to another article."))
    with transaction.atomic(), reversion.create_revision():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if not can_edit(user, current):
            raise PermissionDenied(_("You are not allowed to change this article in its current state."))
        next_version = article_claim_version(article_id=current.pk, expected_version=expected_version)
        changed = []
        for field, _old, new in article_revision_changes(article=current, version=version):
            if field.is_relation and new is not None and not field.related_model.objects.filter(pk=new).exists():
                continue  # the column or picture was deleted since: keep today's
            setattr(current, field.attname, new if new is not None or field.null else "")
            changed.append(field.attname)
        current.version = next_version
        # save() derives the plain-text bodies search reads from the HTML ones.
        body_texts = [f"body_text_{field_suffix(code)}" for code, _language in settings.LANGUAGES]
        current.save(update_fields=[*changed, *body_texts, "version", "updated_at"])
        reversion.set_user(user)
        reversion.set_comment(json.dumps([{"restored": {"saved_at": version.revision.date_created.isoformat()}}]))
    return current


# The translation desk: which translations are older than their source text, and what their source was.

TRACKED_TEXT_FIELDS = ("title", "body")


def translation_fields(code):
    """The fields a translator into `code` may change: that language's texts and its readiness."""
    suffix = field_suffix(code)
    return [f"{name}_{suffix}" for name in TRANSLATED_TEXT_FIELDS] + [f"is_ready_{suffix}"]


def translator_languages(user):
    """The languages `user` may translate into, by the per-language permissions of the translator roles."""
    return [code for code, _name in settings.LANGUAGES if user.has_perm(f"news.translate_{field_suffix(code)}")]


def editable_fields(user, article):
    """None when the user may change every field of `article`; else the only fields they may change (a translator's
    languages), possibly none. The admin makes every other field read-only, so a forged POST changes nothing else."""
    if can_edit(user, article):
        return None
    return [name for code in translator_languages(user) for name in translation_fields(code)]


def article_note_translation_changes(*, article, changed_fields):
    """Before a save: keeps each translation's outdated flag and source text up to date with what changed.

    A change to the source language's title or body makes every other language that has text outdated; saving a
    translation's own title or body records the source text it now follows.
    """
    source_suffix = field_suffix(article.source_language)
    source = {name: getattr(article, f"{name}_{source_suffix}") or "" for name in TRACKED_TEXT_FIELDS}
    source_changed = any(f"{name}_{source_suffix}" in changed_fields for name in TRACKED_TEXT_FIELDS)
    snapshots = dict(article.translated_from or {})
    for code, _name in settings.LANGUAGES:
        suffix = field_suffix(code)
        if code == article.source_language:
            setattr(article, f"is_outdated_{suffix}", False)
            snapshots.pop(code, None)
            continue
        has_text = any(getattr(article, f"{name}_{suffix}") for name in TRACKED_TEXT_FIELDS)
        if any(f"{name}_{suffix}" in changed_fields for name in TRACKED_TEXT_FIELDS) or (
            has_text and code not in snapshots
        ):
            snapshots[code] = source
            setattr(article, f"is_outdated_{suffix}", False)
        elif source_changed and has_text:
            setattr(article, f"is_outdated_{suffix}", snapshots.get(code) != source)
    article.translated_from = snapshots
    return article


def translation_changes_since(article, code):
    """The source paragraphs (and title) that changed since the translation into `code` was last saved, as diffs."""
    snapshot = (article.translated_from or {}).get(code)
    if not snapshot:
        return []
    source_suffix = field_suffix(article.source_language)
    changes = changed_paragraphs(snapshot.get("body", ""), getattr(article, f"body_{source_suffix}") or "")
    title_now = getattr(article, f"title_{source_suffix}") or ""
    if snapshot.get("title", "") != title_now:
        changes.insert(0, inline_diff(snapshot.get("title", ""), title_now))
    return changes


# Corrections: what readers see of a published article changes only when a chief editor publishes the change.


def correction_fields():
    """The fields whose changes to a published article wait for publication: every language's texts and
    readiness, the correction note, the column and the cover."""
    suffixes = [field_suffix(code) for code, _language in settings.LANGUAGES]
    names = [f"{name}_{suffix}" for name in (*TRANSLATED_TEXT_FIELDS, "correction_note") for suffix in suffixes]
    names += [f"is_ready_{suffix}" for suffix in suffixes] + ["column", "cover"]
    return [Article._meta.get_field(name) for name in names]


def is_live(article_id):
    """Whether readers can see the article now: published, and its publish time has come (scheduled ones are not)."""
    return Article.objects.filter(pk=article_id, state=State.PUBLISHED, published_at__lte=timezone.now()).exists()


def article_hold_correction(*, article, changed_fields):
    """Before a published article is saved: its changed texts go to `pending_changes`, the row keeps the live ones.

    `article` carries the edited values (the pending ones it was opened with, and this form's changes).
    """
    live = Article.objects.get(pk=article.pk)
    pending = dict(live.pending_changes or {})
    for field in correction_fields():
        if field.name in changed_fields or field.attname in pending:
            pending[field.attname] = getattr(article, field.attname)
        setattr(article, field.attname, getattr(live, field.attname))
    article.pending_changes = {name: value for name, value in pending.items() if value != getattr(live, name)}
    if not article.pending_changes:
        article.pending_changed_at = None
    elif live.pending_changes != article.pending_changes:
        article.pending_changed_at = timezone.now()
    return article


def with_pending_changes(article):
    """`article` as it will read once its waiting correction is published (in memory; nothing saved). The live values
    stay readable in `article.live_values`."""
    article.live_values = {name: getattr(article, name) for name in (article.pending_changes or {})}
    for name, value in (article.pending_changes or {}).items():
        setattr(article, name, value)
    return article


def article_publish_correction(*, article, user, comment=""):
    """A chief editor makes the waiting changes of a published article public; a note, if any, is dated now."""
    allowed_from, _to, permission = TRANSITIONS["publish_correction"]
    if not user.has_perm(permission):
        raise PermissionDenied(_("You are not allowed to do this."))
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(
            json.dumps([{"workflow": {"action": "publish_correction", "comment": comment}}], ensure_ascii=False)
        )
        current = Article.objects.select_for_update().get(pk=article.pk)
        if current.state not in allowed_from or not current.pending_changes:
            raise ValidationError(_("“%(title)s” has no changes waiting for publication.") % {"title": current})
        changed = list(current.pending_changes)
        for name, value in current.pending_changes.items():
            setattr(current, name, value)
        if any(name.startswith("correction_note_") and value for name, value in current.pending_changes.items()):
            current.corrected_at = timezone.now()
        article_note_translation_changes(article=current, changed_fields=changed)
        current.pending_changes, current.pending_changed_at = {}, None
        current.version += 1
        current.save()
        ArticleTransition.objects.create(
            article=current, from_state=current.state, to_state=current.state, user=user, comment=comment
        )
    return current


def article_discard_correction(*, article, user, comment=""):
    """A chief editor drops the waiting changes of a published article; readers never saw them."""
    if not user.has_perm(TRANSITIONS["discard_correction"][2]):
        raise PermissionDenied(_("You are not allowed to do this."))
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        current.pending_changes, current.pending_changed_at = {}, None
        current.version += 1
        current.save(update_fields=["pending_changes", "pending_changed_at", "version"])
    return current


# The image library, written to from the body editor's picker.

UPLOAD_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif"}


def image_upload(*, file, language, alt_text, caption="", credit=""):
    """A new library image with its words in `language`, from a file already checked by `images.validate_upload`.

    The stored name is ASCII, so that the body sanitiser keeps the picture's path; if the row cannot be written, the
    stored file is removed again: nothing is half-saved.
    """
    stem = slugify(os.path.splitext(file.name)[0])[:60] or "image"
    file.name = stem + UPLOAD_EXTENSIONS.get(file.content_type, os.path.splitext(file.name)[1].lower())
    suffix = field_suffix(language)
    image = Image(credit=credit, **{f"alt_text_{suffix}": alt_text, f"caption_{suffix}": caption})
    try:
        with transaction.atomic():
            image.file = file
            image.save()
    except Exception:
        if image.file.name and image.file.name != file.name:
            image.file.storage.delete(image.file.name)
        raise
    return image
