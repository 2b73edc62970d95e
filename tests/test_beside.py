"""Work done in a forked child comes back whole, and is done here when the child cannot."""

from __future__ import annotations

import os
import threading

import pytest

from generator.beside import beside

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")


def test_the_result_comes_from_a_child_process() -> None:
    here = os.getpid()
    result = beside(lambda: (os.getpid(), {"a": [1, 2.5, b"x", None]}))
    pid, value = result()
    assert pid != here
    assert value == {"a": [1, 2.5, b"x", None]}


def test_work_that_fails_in_the_child_is_done_here() -> None:
    here = os.getpid()

    def work() -> int:
        if os.getpid() != here:
            raise RuntimeError("only in the child")
        return 42

    assert beside(work)() == 42


def test_a_result_marshal_cannot_send_is_computed_here() -> None:
    here = os.getpid()
    result = beside(lambda: (os.getpid(), object()) if os.getpid() != here else (here, None))
    assert result() == (here, None)


def test_no_fork_while_another_thread_runs() -> None:
    here = os.getpid()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert beside(os.getpid)() == here
    finally:
        stop.set()
        other.join()
