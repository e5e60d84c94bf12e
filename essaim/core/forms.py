from django import forms
from django.forms.renderers import DjangoTemplates


class EssaimFormRenderer(DjangoTemplates):
    """Every form renders its fields with label, help text and errors tied to the input."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def style_widgets(form, *, mark_errors: bool = True) -> None:
    """Add the design system's classes to widgets, and mark invalid fields for assistive tech."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            # Django copies the widget's attrs onto the container too: our template doesn't.
            widget.template_name = "core/forms/widgets/choice_list.html"
            css = "form-check-input"
        elif isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        classes = widget.attrs.get("class", "")
        if css not in classes.split():
            widget.attrs["class"] = f"{classes} {css}".strip()
        # Reading form.errors validates the form: only once it has been validated on purpose.
        if mark_errors and form.is_bound and form._errors is not None and name in form._errors:
            widget.attrs["aria-invalid"] = "true"


class StyledFormMixin:
    """Styles widgets at creation, again once validated (invalid ones get aria-invalid) and at
    rendering, so fields a subclass adds or changes after __init__ are styled too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self, mark_errors=False)

    def full_clean(self):
        super().full_clean()
        style_widgets(self)

    def get_context(self):
        style_widgets(self)
        return super().get_context()
