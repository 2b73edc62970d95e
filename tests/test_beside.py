"""Work done in a forked child comes back whole, and is done here when the child cannot."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.incremental.beside import Beside

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")


def test_the_result_comes_from_a_child_process() -> None:
    here = os.getpid()
    pid, value = Beside(lambda: (os.getpid(), {"a": [1, 2.5, b"x", None]})).result()
    assert pid != here
    assert value == {"a": [1, 2.5, b"x", None]}


def _failing_elsewhere(value: int) -> Callable[[], int]:
    """Work that fails in any process but this one, where it returns `value`."""
    here = os.getpid()

    def work() -> int:
        if os.getpid() != here:
            raise RuntimeError("only in the child")
        return value

    return work


def test_work_that_fails_in_the_child_is_done_here() -> None:
    assert Beside(_failing_elsewhere(42)).result() == 42


def test_a_result_marshal_cannot_send_is_computed_here() -> None:
    here = os.getpid()
    unsendable = Beside(lambda: (os.getpid(), object()) if os.getpid() != here else (here, None))
    assert unsendable.result() == (here, None)


def test_no_fork_while_another_thread_runs() -> None:
    here = os.getpid()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert Beside(os.getpid).result() == here
    finally:
        stop.set()
        other.join()


def test_a_cancelled_child_is_stopped_and_waited_for() -> None:
    slow = Beside(lambda: time.sleep(60))
    pid = slow.pid
    assert pid
    started = time.monotonic()
    slow.cancel()
    assert time.monotonic() - started < 5
    with pytest.raises(ChildProcessError):  # already waited for: no zombie left
        os.waitpid(pid, 0)


def test_the_second_step_runs_in_the_child_only_when_told_to_go_on(tmp_path: Path) -> None:
    here = os.getpid()
    told = Beside(os.getpid, then=lambda payload: (os.getpid(), payload))
    child = told.result()
    assert child != here
    told.go_on({"sent": [1, 2]})
    assert told.then_result() == (child, {"sent": [1, 2]})

    marker = tmp_path / "written"
    stopped = Beside(os.getpid, then=lambda _: marker.write_text("too early"))
    assert stopped.result() != here
    stopped.cancel()
    assert not marker.exists()


def test_a_second_step_that_fails_in_the_child_is_done_here() -> None:
    failing = Beside(lambda: 6, then=lambda _: _failing_elsewhere(7)())
    assert failing.result() == 6
    failing.go_on()
    assert failing.then_result() == 7
