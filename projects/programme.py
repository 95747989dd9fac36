"""Reads and exports of an edition's programme: page shapes, the admin check, iCalendar and JSON."""

from collections import Counter
from datetime import timedelta

import icalendar
from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext, override

from news.models import Article
from portal.models import LANGUAGE_CODES, field_suffix

from .amounts import format_amount, format_number
from .models import HEADLINE_METRICS, ReportedFigure, Session, SignedProject

# UIDs must not change when the site moves host, so they name the portal, not the request's host.
UID_DOMAIN = "programme.lincang-portal"
PRODID = "-//Lincang News Portal//Programme//EN"


def programme_sessions(edition, language=None):
    """The edition's public sessions in `language`, with their themes, in time order."""
    return Session.objects.published(language).filter(edition=edition).with_theme().order_by("starts_at", "pk")


def session_for_page(slug, pk):
    """The public session at /events/<slug>/sessions/<pk>/, with its public news and projects."""
    return (
        Session.objects.published()
        .filter(edition__slug=slug)
        .with_theme()
        .prefetch_related(
            Prefetch("articles", queryset=Article.objects.published().newest_first()),
            Prefetch("projects", queryset=SignedProject.objects.published().with_list()),
        )
    )


def session_languages(session):
    """Languages the session page exists in: the session's own, within its edition's and its theme's."""
    parents = [session.edition] + ([session.theme] if session.theme_id else [])
    return [
        code for code in session.available_languages if all(code in parent.available_languages for parent in parents)
    ]


def edition_news(sessions, limit=10):
    """Public articles linked to any of `sessions`, newest first."""
    return list(Article.objects.published().filter(sessions__in=sessions).distinct().newest_first()[:limit])


def edition_page(edition, view, request):
    """What the edition page shows of the programme, read and arranged in one go: 3 queries."""
    sessions = list(programme_sessions(edition))
    figures, other_figures = edition_figures(edition)
    return {
        "days": by_day(sessions) if view == "day" else None,
        "groups": by_theme(sessions) if view == "theme" else None,
        "session_count": len(sessions),
        "has_illustrative": has_illustrative(sessions),
        "figures": figures,
        "other_figures": other_figures,
        "news": edition_news([session.pk for session in sessions]),
        "json_ld": edition_json_ld(edition, sessions, request),
    }


def has_illustrative(sessions):
    return any(session.is_illustrative or (session.theme_id and session.theme.is_illustrative) for session in sessions)


def by_day(sessions):
    """[(date, [sessions])] by each session's starting day in Asia/Shanghai."""
    days = {}
    for session in sessions:
        days.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    return sorted(days.items())


def by_theme(sessions):
    """[(heading kind, theme or None, [sessions])]: the main activity, specials under their themes, extensions."""
    kinds = Session.Kind
    groups = [(kinds.MAIN, None, [s for s in sessions if s.kind == kinds.MAIN])]
    themes = {}
    for session in sessions:
        if session.kind == kinds.SPECIAL:
            themes.setdefault(session.theme, []).append(session)
    for theme in sorted(themes, key=lambda theme: (theme.position, theme.pk)):
        groups.append((kinds.SPECIAL, theme, themes[theme]))
    groups.append((kinds.EXTENSION, None, [s for s in sessions if s.kind == kinds.EXTENSION]))
    return [group for group in groups if group[2]]


# Figures


def edition_figures(edition):
    """The edition-wide reported figures, ready to show: (headline figures, the others)."""
    figures = list(edition.reported_figures.edition_wide())
    for figure in figures:
        figure.display = format_figure(figure)
    return (
        [figure for figure in figures if figure.metric in HEADLINE_METRICS],
        [figure for figure in figures if figure.metric not in HEADLINE_METRICS],
    )


def format_figure(figure):
    """A reported figure as its readers write it: "3,100", "RMB 396.6 billion", "3966亿元", "more than 60%"."""
    value = figure.value
    if figure.unit == ReportedFigure.Unit.YUAN:
        text = format_amount(value, grouped_yi=False)
    elif figure.unit == ReportedFigure.Unit.PERCENT:
        text = gettext("%(amount)s%%") % {"amount": format_number(value, places=2)}
    else:
        text = format_number(value, places=2)
    if figure.is_lower_bound:
        text = gettext("more than %(figure)s") % {"figure": text}
    return text


# Admin: the programme check


def programme_check(edition):
    """Lines comparing the entered programme with the declared structure: [(is_warning, message)]."""
    sessions = list(edition.sessions.select_related("theme"))
    counts = Counter(session.kind for session in sessions)
    themes = list(edition.themes.all())
    lines = []
    for kind, declared in (
        (Session.Kind.MAIN, edition.declared_main_count),
        (Session.Kind.SPECIAL, edition.declared_special_count),
        (Session.Kind.EXTENSION, edition.declared_extension_count),
    ):
        lines.append((counts[kind] != declared, _kind_line(kind, counts[kind], declared)))
    lines.append(
        (
            len(themes) != edition.declared_theme_count,
            ngettext(
                "%(actual)d theme entered, %(declared)d declared",
                "%(actual)d themes entered, %(declared)d declared",
                len(themes),
            )
            % {"actual": len(themes), "declared": edition.declared_theme_count},
        )
    )
    per_theme = Counter(session.theme_id for session in sessions if session.kind == Session.Kind.SPECIAL)
    for theme in themes:
        count = per_theme[theme.pk]
        lines.append(
            (
                count == 0,
                ngettext(
                    "Theme “%(theme)s”: %(count)d special activity",
                    "Theme “%(theme)s”: %(count)d special activities",
                    count,
                )
                % {"theme": theme.name, "count": count},
            )
        )
    illustrative = sum(1 for session in sessions if session.is_illustrative)
    if illustrative:
        lines.append(
            (
                False,
                ngettext(
                    "%(count)d session is marked illustrative (not from a source).",
                    "%(count)d sessions are marked illustrative (not from a source).",
                    illustrative,
                )
                % {"count": illustrative},
            )
        )
    return lines


def _kind_line(kind, actual, declared):
    values = {"actual": actual, "declared": declared}
    if kind == Session.Kind.MAIN:
        return (
            ngettext(
                "%(actual)d main activity entered, %(declared)d declared",
                "%(actual)d main activities entered, %(declared)d declared",
                actual,
            )
            % values
        )
    if kind == Session.Kind.SPECIAL:
        return (
            ngettext(
                "%(actual)d special activity entered, %(declared)d declared",
                "%(actual)d special activities entered, %(declared)d declared",
                actual,
            )
            % values
        )
    return (
        ngettext(
            "%(actual)d extension activity entered, %(declared)d declared",
            "%(actual)d extension activities entered, %(declared)d declared",
            actual,
        )
        % values
    )


# iCalendar


def webcal_url(request, path):
    """The subscription address calendar apps open directly (webcal:// is https:// for them)."""
    return f"webcal://{request.get_host()}{path}"


def session_uid(session):
    return f"session-{session.pk}@{UID_DOMAIN}"


def _session_event(session, request):
    description = session.description
    if session.is_illustrative:
        description = "\n\n".join(
            part
            for part in (description, gettext("Illustrative: title, time and venue are not from a source."))
            if part
        )
    event = icalendar.Event.new(
        uid=session_uid(session),
        summary=session.title,
        description=description or None,
        location=session.venue or None,
        start=timezone.localtime(session.starts_at),
        end=timezone.localtime(session.ends_at),
        stamp=timezone.now(),
        url=request.build_absolute_uri(session.get_absolute_url()),
        categories=[session.get_kind_display()] + ([session.theme.name] if session.theme_id else []),
    )
    return event


def build_calendar(edition, sessions, request, name):
    """A VCALENDAR with one VEVENT per session, times in Asia/Shanghai with its VTIMEZONE."""
    calendar = icalendar.Calendar.new(
        prodid=PRODID,
        uid=f"edition-{edition.pk}-{get_language()}@{UID_DOMAIN}",
        method="PUBLISH",
        name=name,
        language=get_language(),
        refresh_interval=timedelta(days=1),
        url=request.build_absolute_uri(edition.get_absolute_url()),
        subcomponents=[_session_event(session, request) for session in sessions],
    )
    calendar.add_missing_timezones()
    return calendar.to_ical()


# JSON export


def programme_json(edition, request):
    """The edition's programme in every language it is public in, for apps and venue screens."""
    public = {code: set(programme_sessions(edition, code).values_list("pk", flat=True)) for code in LANGUAGE_CODES}
    pks = set().union(*public.values())
    sessions = Session.objects.filter(pk__in=pks).with_theme().order_by("starts_at", "pk")
    edition_languages = [code for code in LANGUAGE_CODES if code in edition.available_languages]

    def texts(obj, fields, languages):
        return {field: {code: getattr(obj, f"{field}_{field_suffix(code)}") for code in languages} for field in fields}

    def urls(path_of, languages):
        result = {}
        for code in languages:
            with override(code):
                result[code] = request.build_absolute_uri(path_of())
        return result

    items = []
    for session in sessions:
        languages = [code for code in LANGUAGE_CODES if session.pk in public[code]]
        item = {
            "id": session.pk,
            "uid": session_uid(session),
            "kind": session.kind,
            "starts_at": timezone.localtime(session.starts_at).isoformat(),
            "ends_at": timezone.localtime(session.ends_at).isoformat(),
            "time_zone": settings.TIME_ZONE,
            "is_illustrative": session.is_illustrative,
            "languages": languages,
            "url": urls(session.get_absolute_url, languages),
            **texts(session, ("title", "description", "venue", "organisers"), languages),
            "theme": None,
        }
        if session.theme_id:
            item["theme"] = {
                "id": session.theme_id,
                "position": session.theme.position,
                "is_illustrative": session.theme.is_illustrative,
                **texts(session.theme, ("name",), languages),
            }
        items.append(item)
    return {
        "edition": {
            "slug": edition.slug,
            "starts_on": edition.starts_on.isoformat(),
            "ends_on": edition.ends_on.isoformat(),
            "languages": edition_languages,
            "url": urls(edition.get_absolute_url, edition_languages),
            **texts(edition, ("name", "slogan", "city", "venue", "hosts"), edition_languages),
            "declared": {
                "main": edition.declared_main_count,
                "special": edition.declared_special_count,
                "extension": edition.declared_extension_count,
                "themes": edition.declared_theme_count,
            },
        },
        "sessions": items,
    }


# schema.org Event data


def _place(name, city):
    place = {"@type": "Place", "name": name or city}
    if city:
        place["address"] = {"@type": "PostalAddress", "addressLocality": city, "addressCountry": "CN"}
    return place


def session_json_ld(session, request, with_context=True):
    """schema.org Event data of a session, or None for an illustrative one: its invented time and hall must not
    reach search engines as a scheduled fact."""
    if session.is_illustrative:
        return None
    data = {
        "@type": "Event",
        "name": session.title,
        "startDate": timezone.localtime(session.starts_at).isoformat(),
        "endDate": timezone.localtime(session.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": request.build_absolute_uri(session.get_absolute_url()),
        "inLanguage": get_language(),
        "location": _place(session.venue or session.edition.venue, session.edition.city),
    }
    if session.description:
        data["description"] = session.description
    if session.organisers:
        data["organizer"] = {"@type": "Organization", "name": session.organisers}
    if with_context:
        data = {"@context": "https://schema.org", **data}
        data["superEvent"] = {
            "@type": "Event",
            "name": session.edition.name,
            "url": request.build_absolute_uri(session.edition.get_absolute_url()),
        }
    return data


def edition_json_ld(edition, sessions, request):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": edition.name,
        "startDate": edition.starts_on.isoformat(),
        "endDate": edition.ends_on.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": request.build_absolute_uri(edition.get_absolute_url()),
        "inLanguage": get_language(),
        "location": _place(edition.venue, edition.city),
    }
    sub_events = [session_json_ld(session, request, with_context=False) for session in sessions]
    if any(sub_events):
        data["subEvent"] = [event for event in sub_events if event]
    if edition.slogan or edition.summary:
        data["description"] = edition.summary or edition.slogan
    if edition.hosts:
        data["organizer"] = {"@type": "Organization", "name": edition.hosts}
    return data
