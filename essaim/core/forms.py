from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .validators import validate_single_line


class EssaimFormRenderer(DjangoTemplates):
    """Every form renders its fields with label, help text and errors tied to the input."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


# --- Date and time pickers ----------------------------------------------------------------------
# Browsers read and send the value of <input type=date|time|datetime-local> in ISO format only:
# the French localised "15/03/2019" shows as an empty field, which the next save then erases.
# Posted ISO values are always accepted by Django's date fields, whatever the locale.


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


# --- Single-line text ---------------------------------------------------------------------------


def guard_single_line(form) -> None:
    """Give every one-line text field of the form the single-line validator (once)."""
    for field in form.fields.values():
        if (
            isinstance(field, forms.CharField)
            and isinstance(field.widget, forms.TextInput)
            and validate_single_line not in field.validators
        ):
            field.validators.append(validate_single_line)


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
    rendering, so fields a subclass adds or changes after __init__ are styled too. One-line text
    fields refuse line breaks and invisible characters (see validate_single_line)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self, mark_errors=False)

    def full_clean(self):
        guard_single_line(self)  # here rather than in __init__: subclasses add fields after it
        super().full_clean()
        style_widgets(self)

    def get_context(self):
        style_widgets(self)
        return super().get_context()


def _attrs(attrs: dict) -> str:
    """Attributes as django/forms/widgets/attrs.html writes them (in order; True alone)."""
    return mark_safe(  # noqa: S308 - each part went through format_html
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class ListedSelect(forms.Select):
    """Django's <select>, byte for byte, written here rather than by a template per option:
    a list of a hundred departments costs milliseconds on pages read all day (the pipeline,
    the directory)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group, options, _index in widget["optgroups"]:
            if group:
                html.append(format_html('\n  <optgroup label="{}">', group))
            html += [
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',  # as select_option.html
                    str(option["value"]),
                    _attrs(option["attrs"]),
                    option["label"],
                )
                for option in options
            ]
            if group:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))  # noqa: S308 - each part went through format_html
