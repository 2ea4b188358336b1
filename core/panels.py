"""Sections that a higher floor adds to a page of a lower one, without the lower one importing it.

The plan page (``actionplans``) shows where the plan stands in governance and the sector's
engagements, which ``accountability`` owns; ``accountability`` sits above ``actionplans``. So the
plan page names a ``Panels`` and asks it for context; ``accountability`` adds its provider when
the app is ready (``AccountabilityConfig.ready``). A provider takes keyword arguments and returns
the context it contributes; each must run a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable


class Panels:
    def __init__(self, name: str):
        self.name = name
        self._providers: list[Callable[..., dict]] = []

    def add(self, provider: Callable[..., dict]) -> Callable[..., dict]:
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def context(self, **kwargs) -> dict:
        found: dict = {}
        for provider in self._providers:
            found.update(provider(**kwargs))
        return found
