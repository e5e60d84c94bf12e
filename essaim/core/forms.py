from django import forms
from django.forms.renderers import DjangoTemplates


class EssaimFormRenderer(DjangoTemplates):
    """Every form renders its fields with label, help text and errors tied to the input."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def style_widgets(form) -> None:
    """Add the design system's classes to widgets, and mark invalid fields for assistive tech."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(
            widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple
        ):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        classes = widget.attrs.get("class", "")
        if css not in classes.split():
            widget.attrs["class"] = f"{classes} {css}".strip()
        if form.is_bound and name in form.errors:
            widget.attrs["aria-invalid"] = "true"


class StyledFormMixin:
    def full_clean(self):
        super().full_clean()
        style_widgets(self)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
