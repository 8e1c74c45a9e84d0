"""A program's start without the cyclic garbage collector, which runs again once the program is up.

Starting the server or the desktop app imports hundreds of modules and builds their classes, models
and routes: hundreds of thousands of objects, none of them garbage, which set off a collection every
700 allocations, each scanning what was made so far. Off, the server's start took a quarter less here
(2.40 -> 1.77 s to listening, with the lazier imports of the same change). Once up, what the start made
is frozen: it is the program, not garbage, and later collections never scan it again.
"""

from __future__ import annotations

import gc


def pause() -> None:
    """At the very start of a program, before its heavy imports."""
    gc.disable()


def resume() -> None:
    """Once the program is up (or its start failed): the start's objects frozen, the collector on.

    Only objects that live as long as the program should be frozen: one that became garbage later
    would never be collected if it is in a reference cycle. (The server's everyday start leaves a few
    hundred objects of garbage, its first, which seeds the demo, about 10,000: frozen once, a few
    megabytes at most; collecting them first would cost a quarter of a second here.)"""
    gc.freeze()
    gc.enable()
