"""Read a rendered form back as a browser would submit it, untouched by the user."""

from html.parser import HTMLParser

from django.utils.datastructures import MultiValueDict

SKIPPED_INPUTS = {"submit", "button", "reset", "image", "file"}


class _FormsParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[MultiValueDict] = []
        self._form: MultiValueDict | None = None
        self._select: str | None = None
        self._select_values: list[str] = []
        self._select_first: str | None = None
        self._option: dict | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            self._form = MultiValueDict()
            self.forms.append(self._form)
        if self._form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in SKIPPED_INPUTS or (kind in ("checkbox", "radio") and "checked" not in attrs):
                return
            self._form.appendlist(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select, self._select_values, self._select_first = name, [], None
            self._select_multiple = "multiple" in attrs
        elif tag == "option" and self._select:
            self._option = attrs
            self._text = []
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._option is not None or self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            value = self._option.get("value", "".join(self._text).strip())
            if self._select_first is None:
                self._select_first = value
            if "selected" in self._option:
                self._select_values.append(value)
            self._option = None
        elif tag == "select" and self._select:
            values = self._select_values
            if not values and not self._select_multiple and self._select_first is not None:
                values = [self._select_first]  # a single select submits its first option
            self._form.setlist(self._select, values)
            self._select = None
        elif tag == "textarea" and self._textarea:
            # Browsers drop the newline that follows <textarea>.
            self._form.appendlist(self._textarea, "".join(self._text).removeprefix("\n"))
            self._textarea = None
        elif tag == "form":
            self._form = None


def form_values(html: str, *, containing: str) -> dict[str, list[str]]:
    """The values the form holding the field `containing` would post if submitted as shown."""
    parser = _FormsParser()
    parser.feed(html)
    for form in parser.forms:
        if containing in form:
            return dict(form.lists())
    raise AssertionError(f"no form with a field named {containing!r}")
