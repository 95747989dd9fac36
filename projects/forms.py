from django import forms
from django.utils.translation import gettext_lazy as _


class StatsForm(forms.Form):
    """The statistics page's query string: which edition."""

    edition = forms.SlugField(label=_("Edition"), required=False)

    def chosen_edition(self, editions):
        """The chosen published edition, else the latest; an unknown slug is reported on the form."""
        if not editions:
            return None
        if self.is_valid() and self.cleaned_data["edition"]:
            for edition in editions:
                if edition.slug == self.cleaned_data["edition"]:
                    return edition
            self.add_error("edition", _("There is no such edition; showing the latest."))
        return editions[0]
