from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from portal.models import field_suffix

from . import services
from .images import validate_upload
from .models import Article, Column, Image
from .zawgyi import REFUSE_ABOVE, WARN_ABOVE, zawgyi_probability

BODY_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "Link": {"protocols": ["http", "https", "mailto"]},
        "Table": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
        "Figure": True,
        "Image": True,
        "Caption": True,
        "HardBreak": True,
    }
}


class ZawgyiCheckMixin:
    """Checks every Burmese field (`*_my`): Zawgyi is refused, doubtful text is saved with a warning."""

    def clean(self):
        cleaned = super().clean()
        self.check_zawgyi(cleaned)
        return cleaned

    def check_zawgyi(self, cleaned):
        self.zawgyi_warnings = []
        for name in [field for field in self.fields if field.endswith("_my")]:
            value = cleaned.get(name)
            if not isinstance(value, str):
                continue
            probability = zawgyi_probability(value)
            if probability > REFUSE_ABOVE:
                self.add_error(
                    name,
                    forms.ValidationError(
                        _(
                            "This text looks like Zawgyi, not Unicode (probability %(percent)s%%). "
                            "Convert it to Unicode before saving, for example with a Zawgyi–Unicode converter."
                        ),
                        code="zawgyi",
                        params={"percent": f"{probability * 100:.0f}"},
                    ),
                )
            elif probability > WARN_ABOVE:
                self.zawgyi_warnings.append(
                    gettext(
                        "“%(field)s” may be Zawgyi rather than Unicode (probability %(percent)s%%). Please check it."
                    )
                    % {"field": self.fields[name].label, "percent": f"{probability * 100:.0f}"}
                )


class ArticleAdminForm(ZawgyiCheckMixin, forms.ModelForm):
    """The editors' form: rich text bodies, Zawgyi checks and the no-lost-edits guard."""

    # The version the editor started from; a save based on an older one is refused.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        # Admin forms: the admin derives its field list (every language) from this form.
        fields = "__all__"  # noqa: DJ007

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.zawgyi_warnings = []
        if self.instance.pk:
            # From the database, not the instance: a revision being restored carries its old version number.
            self.fields["expected_version"].initial = (
                Article.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            )
        if "published_at" in self.fields and hasattr(self.fields["published_at"].widget, "widgets"):
            # To the second, as typed and as stored: a time shown without its seconds would be saved back earlier.
            self.fields["published_at"].widget.widgets[1].format = "%H:%M:%S"
        for code, _name in settings.LANGUAGES:
            # A story may be written in any language first, Burmese included: no language's title is required
            # alone (clean() asks for one in some language).
            if f"title_{field_suffix(code)}" in self.fields:
                self.fields[f"title_{field_suffix(code)}"].required = False
            name = f"body_{field_suffix(code)}"
            if name in self.fields:
                old = self.fields[name]
                self.fields[name] = ProseEditorFormField(
                    config=BODY_EDITOR, required=False, label=old.label, help_text=old.help_text
                )
                # modeltranslation's classes group the editors into language tabs like the other fields.
                self.fields[name].widget.attrs["class"] = old.widget.attrs.get("class", "")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # The admin validates inside the saving transaction: the row stays locked until this save commits.
            self.next_version = services.article_claim_version(
                article_id=self.instance.pk, expected_version=cleaned.get("expected_version")
            )
        titles = [name for name in self.fields if name.startswith("title_")]
        if titles and not any(cleaned.get(name) for name in titles):
            raise forms.ValidationError(
                _("Write the title in at least one language: Chinese, English or Burmese."), code="no_title"
            )
        return cleaned


class ImageAdminForm(ZawgyiCheckMixin, forms.ModelForm):
    class Meta:
        model = Image
        fields = "__all__"  # noqa: DJ007

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            return validate_upload(upload)
        return upload


class QueryField(forms.CharField):
    def to_python(self, value):
        # Control characters and NUL bytes are never part of a real search: drop them before validation.
        value = super().to_python(value)
        return "".join(char for char in value if char.isprintable()).strip()


class ColumnAdminForm(ZawgyiCheckMixin, forms.ModelForm):
    class Meta:
        model = Column
        fields = "__all__"  # noqa: DJ007


class SearchForm(forms.Form):
    q = QueryField(
        label=_("Search"),
        max_length=100,
        error_messages={
            "required": _("Type a word to search for."),
            "max_length": _("Please search for at most %(limit_value)d characters."),
        },
    )

    def clean_q(self):
        query = self.cleaned_data["q"]
        # Punctuation alone finds nothing worth reading, and no index serves it: every article would be read.
        if not any(char.isalnum() for char in query):
            raise forms.ValidationError(self.fields["q"].error_messages["required"], code="no_word")
        return query


class RestoreForm(forms.Form):
    """Confirms restoring a revision, from the version of the article the editor was shown."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
