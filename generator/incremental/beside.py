"""Running work in a child process while this one does another.

A one-article regenerate of a large site starts with two independent stages: finding and
stat-ing the content files (20,000 system calls at 10,000 sheets) and loading the cache
(Python work). Threads would serialize them on the interpreter lock; a forked child runs
them on the second core. A generate of many sheets likewise shares their reading, checking
and rendering with a child, in two steps: the child checks its share and reports, and writes
nothing until this process, having checked its own share, says that every sheet passed.

Results come back through a pipe as marshal data, so they must be plain data (no Path
objects, no class instances)."""

from __future__ import annotations

import marshal
import os
import signal
import threading
from collections.abc import Callable
from typing import Any, BinaryIO

_LENGTH = 8  # bytes of the length before each result


class Beside:
    """`work` started in a forked child; result() waits for what it returns. With `then`,
    the child waits after sending that result: go_on(payload) has it run `then(payload)`
    too, whose result then_result() waits for; without go_on() it does nothing more.

    Where fork is missing, or unsafe because other threads run (a fork copies only this one,
    so a lock another thread holds stays held in the child: ``mkdocs serve`` has threads),
    or when the child fails, the work runs in this process when its result is asked for."""

    def __init__(self, work: Callable[[], Any], then: Callable[[Any], Any] | None = None) -> None:
        self.work, self.then = work, then
        self.payload: Any = None
        self.pid = 0  # the child's
        self.pipe: BinaryIO | None = None
        self._go = -1  # the write end of the pipe that tells the child to go on
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return
        read_end, write_end = os.pipe()
        go_read, go_write = os.pipe() if then is not None else (-1, -1)
        pid = os.fork()
        if pid == 0:  # the child: do the work, send it, and leave without any clean-up of ours
            status = 1
            try:
                os.close(read_end)
                if then is not None:
                    os.close(go_write)
                with os.fdopen(write_end, "wb") as pipe:
                    _send(pipe, work())
                    if then is not None:
                        with os.fdopen(go_read, "rb") as go:
                            told = _receive(go)
                        if told is not None:
                            _send(pipe, then(told[0]))
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        if then is not None:
            os.close(go_read)
        self.pid, self.pipe, self._go = pid, os.fdopen(read_end, "rb"), go_write

    def result(self) -> Any:
        if self.pipe is None:
            return self.work()
        found = _receive(self.pipe)
        if self.then is None or found is None:
            self._stop()
        return self.work() if found is None else found[0]  # failed there: done here, as usual

    def go_on(self, payload: Any = None) -> None:
        """Let the child run `then(payload)` (after result()); the payload must be plain data."""
        self.payload = payload
        if self._go >= 0:
            with os.fdopen(self._go, "wb") as go:
                _send(go, payload)
            self._go = -1

    def then_result(self) -> Any:
        assert self.then is not None
        if self.pipe is None:
            return self.then(self.payload)
        found = _receive(self.pipe)
        self._stop()
        return self.then(self.payload) if found is None else found[0]

    def cancel(self) -> None:
        """Stop the child, if any: its results are not wanted (this process is stopping)."""
        if self.pipe is not None:
            os.kill(self.pid, signal.SIGKILL)
            self._stop()

    def _stop(self) -> None:
        """Wait for the child to end, and close the pipes."""
        assert self.pipe is not None
        if self._go >= 0:
            os.close(self._go)  # (the child reads the end of it: it does not go on)
            self._go = -1
        self.pipe.close()
        self.pipe = None
        os.waitpid(self.pid, 0)


def _send(pipe: BinaryIO, value: Any) -> None:
    data = marshal.dumps(value)
    pipe.write(len(data).to_bytes(_LENGTH, "little") + data)
    pipe.flush()


def _receive(pipe: BinaryIO) -> tuple[Any] | None:
    """The next result, or None if the child stopped before sending it whole."""
    head = pipe.read(_LENGTH)
    if len(head) < _LENGTH:
        return None
    size = int.from_bytes(head, "little")
    data = pipe.read(size)
    return (marshal.loads(data),) if len(data) == size else None
