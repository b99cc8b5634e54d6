"""Ctrl-C during a search.

A CP-SAT search runs in C++, where Python raises KeyboardInterrupt only once the search
returns, which may be many seconds later. CP-SAT's own handler is no better: it stops
that one search, the plan goes on with the next, and when the search ends it leaves
Ctrl-C killing the process outright (``SIG_DFL``). So our searches turn it off
(``catch_sigint_signal``) and run inside ``searching``, and the command line, inside
``searches_stop_on_ctrl_c``, stops whatever is searching the moment Ctrl-C is pressed:
the KeyboardInterrupt then follows at once.
"""

from __future__ import annotations

import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (importing OR-Tools takes time a command without a search should not)
    from ortools.sat.python import cp_model

_lock = threading.Lock()
_running: set[cp_model.CpSolver] = set()


@contextmanager
def searching(solver: cp_model.CpSolver) -> Iterator[None]:
    """While ``solver`` searches, Ctrl-C (under ``searches_stop_on_ctrl_c``) stops it."""
    solver.parameters.catch_sigint_signal = False
    with _lock:
        _running.add(solver)
    try:
        yield
    finally:
        with _lock:
            _running.discard(solver)


def _stop_all() -> None:
    with _lock:
        for solver in _running:
            solver.stop_search()


@contextmanager
def searches_stop_on_ctrl_c() -> Iterator[None]:
    """Within this (on the main thread), Ctrl-C stops every search at once, besides
    raising KeyboardInterrupt as usual. Python's signal handler writes to a socket the
    moment the signal arrives (``signal.set_wakeup_fd``), which a watcher thread reads."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    ring, bell = socket.socketpair()
    bell.setblocking(False)
    previous = signal.set_wakeup_fd(bell.fileno(), warn_on_full_buffer=False)

    def watch() -> None:
        while received := ring.recv(64):  # (empty once the other end is closed)
            if signal.SIGINT in received:  # (the numbers of the signals Python handles)
                _stop_all()

    watcher = threading.Thread(target=watch, name="ctrl-c watcher", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        signal.set_wakeup_fd(previous)
        bell.close()
        watcher.join(1.0)
        ring.close()


HELD = ("SIGINT", "SIGTERM", "SIGHUP")  # those the platform has


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait until this ends (on the main thread, where Python
    handles signals): writing the outputs, so that a run stopped then leaves them all old
    or all new and no temporary file behind (a probe's Ctrl-C left a new report beside
    old calendars). Each one that came is raised again at the end, to its own handler."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    held = [getattr(signal, name) for name in HELD if hasattr(signal, name)]
    before = {
        number: signal.signal(number, lambda number, _: came.append(number)) for number in held
    }
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(came):
            signal.raise_signal(number)
