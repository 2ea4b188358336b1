from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """``mapping[key]`` in a template, or nothing when the key is absent."""
    return (mapping or {}).get(key, ())
