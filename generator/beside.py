"""Running one piece of work in a child process while this one does another.

A one-article regenerate of a large site starts with two independent stages: finding and
stat-ing the content files (20,000 system calls at 10,000 sheets) and loading the cache
(Python work). Threads would serialize them on the interpreter lock; a forked child runs
them on the second core. The child's result comes back through a pipe as marshal data, so
it must be plain data (no Path objects, no class instances)."""

from __future__ import annotations

import marshal
import os
import threading
from collections.abc import Callable
from typing import Any


def beside(work: Callable[[], Any]) -> Callable[[], Any]:
    """Start `work` in a forked child now; returns a function that waits for its result.

    Where fork is missing, or unsafe because other threads run (a fork copies only this one,
    so a lock another thread holds stays held in the child: ``mkdocs serve`` has threads),
    or when the child fails, `work` runs in this process when its result is asked for."""
    if not hasattr(os, "fork") or threading.active_count() > 1 or os.environ.get('FACTSHEET_AB') == '1':
        return work
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

    def result() -> Any:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            return work()  # whatever failed there, doing it here reports it as usual
        return marshal.loads(data)

    return result
