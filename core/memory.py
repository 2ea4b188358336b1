"""Pausing Python's cyclic garbage collector around work that builds a large, long-lived graph."""

import contextlib
import gc


@contextlib.contextmanager
def collector_paused():
    """Reference counting still frees memory; only the cycle collector waits until the end.

    Imports of tens of thousands of rows and PDF layouts of hundreds of pages create objects
    that all live until the work ends; the collector would walk them again and again for
    nothing (a third of an import's time; a growing share of a long PDF's).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
