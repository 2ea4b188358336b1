"""Read a form as the browser renders it, to post it back with its prefilled values.

``form_fields(html, action=…)`` returns the form's successful controls as a browser would
send them without a change (text inputs, hidden inputs, checked boxes, the selected option,
textareas), so a test changes one value and posts the rest exactly as the page rendered it.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, match):
        super().__init__(convert_charrefs=True)
        self.match = match
        self.forms: list[dict[str, str]] = []
        self.current: dict[str, str] | None = None
        self.textarea: str | None = None
        self.select: str | None = None
        self.first_option: tuple[str, str] | None = None
        self.selected = False
        self.option_value: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = {} if self.match(attrs) else None
            return
        if self.current is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            value = attrs.get("value")  # value="" is sent as ""; a box with no value at all as "on"
            self.current[name] = value if value is not None else ("on" if kind in ("checkbox", "radio") else "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.current[name] = ""
        elif tag == "select" and name:
            self.select, self.selected, self.first_option = name, False, None
        elif tag == "option" and self.select:
            self.option_value = attrs.get("value", "")
            if self.first_option is None:
                self.first_option = (self.select, self.option_value)
            if "selected" in attrs:
                self.current[self.select] = self.option_value
                self.selected = True

    def handle_data(self, data):
        if self.current is not None and self.textarea:
            # A textarea's first newline is not part of its value (HTML parsing rule).
            text = self.current[self.textarea] + data
            self.current[self.textarea] = (
                text[1:] if text.startswith("\n") and not self.current[self.textarea] else text
            )

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select" and self.select:
            if not self.selected and self.first_option and self.current is not None:
                self.current[self.first_option[0]] = self.first_option[1]
            self.select = None
        elif tag == "form" and self.current is not None:
            self.forms.append(self.current)
            self.current = None


def form_fields(
    html: str, *, action: str | None = None, method: str | None = None, form_id: str | None = None
) -> dict[str, str]:
    """The fields of the (single) form whose action, method and id match, as the page prefilled them."""

    def match(attrs):
        return (
            (action is None or (attrs.get("action") or "") == action)
            and (method is None or (attrs.get("method") or "get").lower() == method)
            and (form_id is None or attrs.get("id") == form_id)
        )

    reader = _FormReader(match)
    reader.feed(html)
    assert len(reader.forms) == 1, f"expected one form with action {action!r}, found {len(reader.forms)}"
    return reader.forms[0]
