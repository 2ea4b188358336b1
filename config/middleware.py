"""Messages ("Initiative … saved.") reach the person on the page they are looking at.

A full page prints its messages in ``includes/messages.html``. An htmx response swaps only a
part of the page, so a message added while serving it would otherwise wait in the session and
appear on the *next* page, about something else. This middleware appends the messages to every
htmx response that did not print them, as an out-of-band swap into the page's message region
(which stays in view wherever the page is scrolled).
"""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.template.loader import render_to_string


class HtmxMessagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or response.streaming:
            return response
        if response.status_code in (204, 301, 302, 303, 304) or "HX-Redirect" in response:
            return response  # nothing is swapped, or a whole page follows and prints them itself
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        storage = get_messages(request)
        if storage.used:
            return response  # the partial printed them itself
        messages = list(storage)
        if messages:
            html = render_to_string("includes/messages.html", {"messages": messages, "oob": True}, request=request)
            response.content += html.encode(response.charset)
        return response
