"""core.html builds the plan page's and the dashboard's rows: it must escape exactly as Django does."""

from decimal import Decimal

import pytest
from django.utils import html as django_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy, override

from core.html import escaped, format_html, joined

HOSTILE = [
    "<script>alert('x')</script>",
    'a "quoted" & <b>bold</b>',
    "l'été — « citation »",
    "",
    42,
    -3,
    2.5,
    Decimal("61.50"),
    True,
    None,
    mark_safe("<em>already safe</em>"),  # noqa: S308 -- a safe value is what the test passes
    SafeString("<i>safe too</i>"),
    gettext_lazy("Edit"),
    mark_safe(gettext_lazy("Edit")),  # noqa: S308 -- likewise
]


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_each_argument_is_escaped_as_django_escapes_it(value):
    template = '<td class="{}" title="{}">{}</td>'
    with override("fr"):
        assert format_html(template, value, value, value) == django_html.format_html(template, value, value, value)
        assert escaped(value) == django_html.conditional_escape(value)
    assert isinstance(format_html(template, value, value, value), SafeString)


def test_keyword_arguments_too():
    assert format_html("<a href='{url}'>{text}</a>", url="/x?a=1&b=2", text="<b>") == django_html.format_html(
        "<a href='{url}'>{text}</a>", url="/x?a=1&b=2", text="<b>"
    )


def test_what_is_already_escaped_is_not_escaped_twice():
    label = escaped("Tom & Jerry")
    assert format_html("<span>{}</span>", label) == "<span>Tom &amp; Jerry</span>"
    assert joined([label, "<b>", format_html("<i>{}</i>", "&")]) == "Tom &amp; Jerry&lt;b&gt;<i>&amp;</i>"
