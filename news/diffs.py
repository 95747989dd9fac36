"""Differences between two versions of a text, shown to editors: before restoring a revision, and to translators
when the source text changed after their translation."""

import difflib
import html
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

BLOCK_END = re.compile(r"</(p|h[2-4]|li|blockquote|figcaption|td|th)>|<br\s*/?>", re.IGNORECASE)
# Han and Burmese runs are compared letter by letter (they have no spaces between words), other scripts by word.
TOKENS = re.compile(r"[\u3000-\u9fff\uf900-\ufaff\u1000-\u109f]|\w+|\s+|[^\w\s]")


def paragraphs(value):
    """The readable paragraphs of an HTML body (or of plain text: one paragraph)."""
    parts = BLOCK_END.split(value or "")[::2] if "<" in (value or "") else [value or ""]
    return [text for part in parts if (text := " ".join(html.unescape(strip_tags(part)).split()))]


def inline_diff(old, new):
    """`new` as HTML, with what `old` had and `new` has not in <del> and what is new in <ins>; escaped."""
    old_tokens, new_tokens = TOKENS.findall(str(old or "")), TOKENS.findall(str(new or ""))
    out = []
    for operation, a1, a2, b1, b2 in difflib.SequenceMatcher(
        None, old_tokens, new_tokens, autojunk=False
    ).get_opcodes():
        if operation in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(old_tokens[a1:a2]))}</del>")
        if operation in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(new_tokens[b1:b2]))}</ins>")
        if operation == "equal":
            out.append(escape("".join(new_tokens[b1:b2])))
    return mark_safe("".join(out))  # noqa: S308 -- every piece is escaped above


def changed_paragraphs(old_html, new_html):
    """The paragraphs of `new_html` that are new or changed compared with `old_html`, each as an inline diff
    against the old paragraph it replaced (or against nothing)."""
    old, new = paragraphs(old_html), paragraphs(new_html)
    changes = []
    for operation, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if operation == "equal":
            continue
        removed, added = old[a1:a2], new[b1:b2]
        for position in range(max(len(removed), len(added))):
            before = removed[position] if position < len(removed) else ""
            after = added[position] if position < len(added) else ""
            changes.append(inline_diff(before, after))
    return changes
