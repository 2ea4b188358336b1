"""Sections that a higher floor adds to a page of a lower one, without the lower one importing it.

The plan page (``actionplans``) shows where the plan stands in governance and the sector's
engagements, which ``accountability`` owns; ``accountability`` sits above ``actionplans``. So the
plan page names a ``Panels`` and asks it for context; ``accountability`` adds its provider, with
the template that shows it, when the app is ready (``AccountabilityConfig.ready``). A provider
takes keyword arguments and returns the context it contributes; each must run a fixed number of
queries. The page's template includes ``panel_templates`` where the sections go, so it names no
template of a higher floor either (``tests/test_architecture.py`` checks templates too).
"""

from __future__ import annotations

from collections.abc import Callable


class Panels:
    def __init__(self, name: str):
        self.name = name
        self._providers: list[tuple[Callable[..., dict], str]] = []

    def add(self, *, template: str) -> Callable[[Callable[..., dict]], Callable[..., dict]]:
        """``@page.add(template="app/includes/section.html")`` on a provider."""

        def register(provider: Callable[..., dict]) -> Callable[..., dict]:
            if all(known is not provider for known, _template in self._providers):
                self._providers.append((provider, template))
            return provider

        return register

    def context(self, **kwargs) -> dict:
        found: dict = {"panel_templates": [template for _provider, template in self._providers]}
        for provider, _template in self._providers:
            found.update(provider(**kwargs))
        return found
