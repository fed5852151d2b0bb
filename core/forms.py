"""Form helpers shared by every app."""

from django import forms
from django.core.exceptions import ValidationError


class RadioFormMixin:
    """Radio buttons never offer Django's "---------" choice: a required answer is picked, not left blank."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # CheckboxSelectMultiple is a RadioSelect too, but has no blank choice to drop.
            if not isinstance(field.widget, forms.RadioSelect) or field.widget.allow_multiple_selected:
                continue
            if isinstance(field, forms.ModelChoiceField):
                # The queryset may still be narrowed after this runs: never freeze its choices into a list.
                field.empty_label = None
            elif hasattr(field, "choices"):
                field.choices = [c for c in field.choices if c[0] != ""]


class VersionedForm(forms.Form):
    """A change to a record two people may edit: carries the version the page showed, so a stale save is refused
    (``core.services.version_check``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's errors beside the form's fields they name, or at the top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def form_action(form: forms.BaseForm, action) -> bool:
    """Validate the form and run the service with its data; False (errors now on the form) when either refuses.

    The shape every "post one form, call one service" view shares: the caller redirects on True and
    re-renders the page with the bound form on False.
    """
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return False
    return True


def errors_text(form: forms.BaseForm) -> str:
    """Every error of a bound form as one sentence, for a message shown after a redirect."""
    return " ".join(error for errors in form.errors.values() for error in errors)
