"""Lighthouse scores 100 in accessibility, best practices and SEO on the home, a sheet, a
series and the timeline, on a phone and on a desk (tests/lighthouse.py runs it; `make
lighthouse` prints every category's score)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .browser import need_browser
from .lighthouse import (
    ASSERTED,
    LIGHTHOUSE,
    PAGES,
    PRESETS,
    failed_audits,
    lighthouse,
    published_example,
    scores,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    if not LIGHTHOUSE.exists():
        pytest.skip("Lighthouse is not installed (npm install)")
    need_browser()
    with published_example() as url:
        yield url


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("page", list(PAGES))
def test_lighthouse_scores_100(base: str, page: str, preset: str) -> None:
    report = lighthouse(base + PAGES[page], preset, ASSERTED)
    assert (scores(report), failed_audits(report)) == ({name: 100 for name in ASSERTED}, [])
