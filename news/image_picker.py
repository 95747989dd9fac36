"""The body editor's image picker: the library searched from the article form, and a new picture uploaded from there.

Both answer JSON to static/news/image-picker.js. Only staff reach them (anyone else gets a 404, the same as for an
admin URL that does not exist); listing needs `news.view_image`, uploading `news.add_image`.
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.forms import modelform_factory
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from portal.models import field_suffix

from . import services
from .forms import ImageAdminForm, QueryField
from .models import Image
from .sanitize import is_media_path
from .thumbnails import rendition

RESULTS = 30
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
SEARCHED_FIELDS = [
    *(f"{name}_{field_suffix(code)}" for name in ("alt_text", "caption") for code in LANGUAGE_CODES),
    "credit",
    "file",
]


class PickerSearchForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    q = QueryField(required=False, max_length=100)


class PickerLanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)


def upload_form_class(language):
    """The image admin's own form (type check, metadata stripped, Zawgyi refused) on one language's words."""
    suffix = field_suffix(language)
    form_class = modelform_factory(
        Image, form=ImageAdminForm, fields=["file", f"alt_text_{suffix}", f"caption_{suffix}", "credit"]
    )
    # A picture in a story needs words for readers who cannot see it.
    form_class.base_fields[f"alt_text_{suffix}"].required = True
    form_class.base_fields[f"alt_text_{suffix}"].error_messages["required"] = _(
        "Describe the picture for readers who cannot see it."
    )
    return form_class


def error_messages(form):
    """A form's errors as {field: [message, ...]}, in the language of the admin."""
    return {name: [error["message"] for error in errors] for name, errors in form.errors.get_json_data().items()}


def staff_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def library_images(query):
    """The newest library images whose words (any language), credit or file name contain `query`."""
    images = Image.objects.order_by("-created_at", "-pk")
    if query:
        condition = Q()
        for name in SEARCHED_FIELDS:
            condition |= Q(**{f"{name}__icontains": query})
        images = images.filter(condition)
    return images


def body_src(image):
    """The path a body's <img> uses: a site-relative /media/ path, the only form the sanitiser keeps; else None."""
    src = "/" + settings.MEDIA_URL.strip("/") + "/" + image.file.name
    return src if is_media_path(src) else None


def image_data(image, language):
    suffix = field_suffix(language)
    thumbnail = rendition(image, "card", "WEBP")
    return {
        "id": image.pk,
        "src": body_src(image),
        "thumbnail": thumbnail.url if thumbnail else None,
        "alt": getattr(image, f"alt_text_{suffix}") or "",
        "caption": getattr(image, f"caption_{suffix}") or "",
        "width": image.width,
        "height": image.height,
    }


@require_GET
@staff_only
def image_list(request):
    if not request.user.has_perm("news.view_image"):
        raise PermissionDenied
    form = PickerSearchForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": error_messages(form)}, status=400)
    language = form.cleaned_data["language"]
    images = list(library_images(form.cleaned_data["q"])[: RESULTS + 1])
    return JsonResponse(
        {"images": [image_data(image, language) for image in images[:RESULTS]], "more": len(images) > RESULTS}
    )


@require_POST
@staff_only
def image_upload(request):
    if not request.user.has_perm("news.add_image"):
        raise PermissionDenied
    language_form = PickerLanguageForm(request.POST)
    if not language_form.is_valid():
        return JsonResponse({"errors": error_messages(language_form)}, status=400)
    language = language_form.cleaned_data["language"]
    suffix = field_suffix(language)
    form = upload_form_class(language)(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": error_messages(form)}, status=400)
    image = services.image_upload(
        file=form.cleaned_data["file"],
        language=language,
        alt_text=form.cleaned_data[f"alt_text_{suffix}"],
        caption=form.cleaned_data[f"caption_{suffix}"],
        credit=form.cleaned_data["credit"],
    )
    return JsonResponse({"image": image_data(image, language), "warnings": form.zawgyi_warnings}, status=201)
