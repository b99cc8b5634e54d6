"""A bound searched in a thread of its own, beside phase 1, until it ends or is stopped.

``solver.BoundWithoutTravel`` and ``daybound.DayBound`` share the machinery: the thread,
a stop that reaches whichever CP-SAT search is running (one asked just before a search
starts is not lost), and an error raised in the thread raised again by ``stop``.
"""

from __future__ import annotations

import threading

from ortools.sat.python import cp_model

from visitplanner.interrupt import searching


class BackgroundBound:
    """Subclasses give ``name`` and ``search``, which sets ``bound`` as it proves one."""

    name = ""

    def __init__(self) -> None:
        self.bound: int | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._running: cp_model.CpSolver | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def search(self) -> None:
        raise NotImplementedError

    def stopping(self) -> bool:
        return self._stopping.is_set()

    def solve(self, solver: cp_model.CpSolver, model: cp_model.CpModel) -> cp_model.CpSolverStatus:
        """``solver.solve(model)``, stopped by ``stop``; UNKNOWN once stopping."""
        with self._lock:
            if self._stopping.is_set():
                return cp_model.UNKNOWN
            self._running = solver
        try:
            with searching(solver):
                return solver.solve(model)
        finally:
            with self._lock:
                self._running = None

    def ended(self) -> bool:
        return not self._thread.is_alive()

    def stop(self) -> int | None:
        """Stop the search (if it has not ended) and return the bound it proved, if any."""
        self._stopping.set()
        while self._thread.is_alive():  # (a stop just as a search starts may be lost)
            with self._lock:
                if self._running is not None:
                    self._running.stop_search()
            self._thread.join(0.05)
        if self._error is not None:
            raise self._error
        return self.bound

    def _run(self) -> None:
        try:
            self.search()
        except BaseException as error:  # raised again by ``stop``, in the solving thread
            self._error = error
