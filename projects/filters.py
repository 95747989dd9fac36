"""The register list's query string, read by django-filter: a bad value is reported, never a 500."""

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.models import field_suffix

from .models import AmountBand, Edition, Region, Sector, Session, SignedProject


class NullsLastOrderingFilter(django_filters.OrderingFilter):
    """Undisclosed amounts and dates sort last whichever way the list is sorted."""

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for param in value:
            field = self.get_ordering_value(param)
            if field.startswith("-"):
                ordering.append(F(field[1:]).desc(nulls_last=True))
            else:
                ordering.append(F(field).asc(nulls_last=True))
        return qs.order_by(*ordering, "pk")


# The largest id a BigAutoField holds (SQLite and PostgreSQL alike): a larger number overflows the database driver.
MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A row id from the query string: a whole number from 1 to MAX_ID, else reported as an invalid choice."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        invalid = _("Select a valid choice. That choice is not one of the available choices.")
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        kwargs.setdefault("error_messages", {"invalid": invalid, "min_value": invalid, "max_value": invalid})
        super().__init__(*args, **kwargs)


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), to_field_name="slug", queryset=Sector.objects.none(), empty_label=_("All sectors")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), to_field_name="code", queryset=Region.objects.none(), empty_label=_("All regions")
    )
    band = django_filters.ChoiceFilter(
        label=_("Amount"), choices=AmountBand.choices, method="in_band", empty_label=_("All amounts")
    )
    edition = django_filters.ModelChoiceFilter(
        label=_("Edition"), to_field_name="slug", queryset=Edition.objects.none(), empty_label=_("All editions")
    )
    session = IdFilter(label=_("Session"), method="at_session", widget=forms.HiddenInput)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=SignedProject.Status.choices, empty_label=_("All statuses")
    )
    origin = django_filters.ChoiceFilter(
        label=_("Investor origin"), method="from_origin", choices=[], empty_label=_("All origins")
    )
    sort = NullsLastOrderingFilter(
        label=_("Sort by"),
        fields=(("amount_yuan", "amount"), ("signed_on", "signed")),
        # Explicit lazy labels: django-filter would build "(descending)" labels once, at import time.
        choices=[
            ("-amount", _("Amount, largest first")),
            ("amount", _("Amount, smallest first")),
            ("-signed", _("Signing date, latest first")),
            ("signed", _("Signing date, earliest first")),
        ],
        empty_label=_("Default order"),
    )

    class Meta:
        model = SignedProject
        fields = []

    def __init__(self, *args, origins=(), **kwargs):
        super().__init__(*args, **kwargs)
        filters = self.filters
        filters["sector"].queryset = Sector.objects.available_in()
        filters["region"].queryset = Region.objects.available_in()
        filters["edition"].queryset = Edition.objects.published()
        filters["origin"].extra["choices"] = [(origin, origin) for origin in origins]

    @property
    def suffix(self):
        return field_suffix(get_language())

    def search(self, queryset, name, value):
        condition = Q()
        for word in value.split():
            condition &= (
                Q(**{f"name_{self.suffix}__icontains": word})
                | Q(**{f"description_{self.suffix}__icontains": word})
                | Q(**{f"investor__name_{self.suffix}__icontains": word})
                | Q(**{f"county_{self.suffix}__icontains": word})
            )
        return queryset.filter(condition)

    def in_band(self, queryset, name, value):
        return queryset.in_band(value)

    def at_session(self, queryset, name, value):
        return queryset.filter(session__in=Session.objects.published(), session=value)

    def from_origin(self, queryset, name, value):
        return queryset.filter(**{f"investor__origin_{self.suffix}": value})
