"""Running one piece of work in a child process while this one does another.

A one-article regenerate of a large site starts with two independent stages: finding and
stat-ing the content files (20,000 system calls at 10,000 sheets) and loading the cache
(Python work). Threads would serialize them on the interpreter lock; a forked child runs
them on the second core. The child's result comes back through a pipe as marshal data, so
it must be plain data (no Path objects, no class instances)."""

from __future__ import annotations

import marshal
import os
import signal
import threading
from collections.abc import Callable
from typing import Any, BinaryIO


class Beside:
    """`work` started in a forked child; result() waits for what it returns.

    Where fork is missing, or unsafe because other threads run (a fork copies only this one,
    so a lock another thread holds stays held in the child: ``mkdocs serve`` has threads),
    or when the child fails, `work` runs in this process when its result is asked for."""

    def __init__(self, work: Callable[[], Any]) -> None:
        self.work = work
        self.pid = 0  # the child's
        self.pipe: BinaryIO | None = None
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: do the work, send it, and leave without any clean-up of ours
            status = 1
            try:
                os.close(read_end)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(marshal.dumps(work()))
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self.pid, self.pipe = pid, os.fdopen(read_end, "rb")

    def result(self) -> Any:
        if self.pipe is None:
            return self.work()
        with self.pipe:
            data = self.pipe.read()
        status = self._reap()
        if os.waitstatus_to_exitcode(status) != 0:
            return self.work()  # whatever failed there, doing it here reports it as usual
        return marshal.loads(data)

    def cancel(self) -> None:
        """Stop the child, if any: its result is not wanted (this process is stopping)."""
        if self.pipe is not None:
            os.kill(self.pid, signal.SIGKILL)
            self.pipe.close()
            self._reap()

    def _reap(self) -> int:
        _, status = os.waitpid(self.pid, 0)
        self.pipe = None
        return status
