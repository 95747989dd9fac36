"""Foreign-key lookups with a number no id can be: no rows, instead of a driver error.

Django answers `IntegerField` lookups out of the column's range with an empty (or full) result, but not lookups
through a foreign key: `?sector__exact=99999999999999999999` in an admin change list overflowed SQLite's integer
(OverflowError, a 500). These lookups replace Django's own on every relation, with the same range check on the
target column. Registered once, in PortalConfig.ready().
"""

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models import ForeignKey, ForeignObject
from django.db.models.fields.related_lookups import (
    RelatedExact,
    RelatedGreaterThan,
    RelatedGreaterThanOrEqual,
    RelatedLessThan,
    RelatedLessThanOrEqual,
)


class RelatedIntegerRange:
    underflow_exception = EmptyResultSet
    overflow_exception = EmptyResultSet

    def process_rhs(self, compiler, connection):
        # A single-column relation only: a composite one compares tuples, and has no single target field.
        if isinstance(self.rhs, int) and isinstance(self.lhs.output_field, ForeignKey):
            target = self.lhs.output_field.target_field
            low, high = connection.ops.integer_field_ranges.get(target.get_internal_type(), (None, None))
            if low is not None and self.rhs < low:
                raise self.underflow_exception
            if high is not None and self.rhs > high:
                raise self.overflow_exception
        return super().process_rhs(compiler, connection)


class RangedRelatedExact(RelatedIntegerRange, RelatedExact):
    pass


class RangedRelatedGreaterThan(RelatedIntegerRange, RelatedGreaterThan):
    underflow_exception = FullResultSet


class RangedRelatedGreaterThanOrEqual(RelatedIntegerRange, RelatedGreaterThanOrEqual):
    underflow_exception = FullResultSet


class RangedRelatedLessThan(RelatedIntegerRange, RelatedLessThan):
    overflow_exception = FullResultSet


class RangedRelatedLessThanOrEqual(RelatedIntegerRange, RelatedLessThanOrEqual):
    overflow_exception = FullResultSet


def register():
    for lookup in (
        RangedRelatedExact,
        RangedRelatedGreaterThan,
        RangedRelatedGreaterThanOrEqual,
        RangedRelatedLessThan,
        RangedRelatedLessThanOrEqual,
    ):
        ForeignObject.register_lookup(lookup)
