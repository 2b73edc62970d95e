"""What lets the site-wide pages skip work: the Fragments of the sheets not rendered this run,
read from the cache only when a page needs them, and the keys of pages whose sheets are all
unchanged reused as they were."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence

from generator.incremental.cache import unpack
from generator.render.layout import key_of
from generator.render.sheet import Fragments


class StoredFragments(Mapping[str, Fragments]):
    """Every sheet's Fragments, by slug: those rendered in this process (`known`), those
    rendered elsewhere this run (`packed`), and the rest read from the cache when asked."""

    def __init__(self, slugs: Collection[str], known: Mapping[str, Fragments], packed: Mapping[str, bytes],
                 stored: Callable[[str], Fragments]) -> None:
        self._slugs = slugs
        self._known = dict(known)
        self._packed = packed
        self._stored = stored

    def __getitem__(self, slug: str) -> Fragments:
        found = self._known.get(slug)
        if found is None:
            blob = self._packed.get(slug)
            found = self._known[slug] = unpack(blob) if blob is not None else self._stored(slug)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._slugs)

    def __len__(self) -> int:
        return len(self._slugs)


class ReusedKeys:
    """The key of each site page, made of the versions of the sheets it shows and anything
    else it depends on (a render.site_pages.PageKey). On a reused layout, a page whose sheets
    are all unchanged keeps the key it had: hashing the versions of every page costs more than
    the rest of a small run."""

    def __init__(self, versions: Mapping[str, str], previous: Mapping[str, str], changed: Collection[str]
                 ) -> None:
        self.versions = versions
        self.previous = previous
        self.changed = set(changed)

    def __call__(self, name: str, slugs: Sequence[str], *parts: object) -> str:
        """The key of the page `name` showing the sheets `slugs`; `parts` must not change while
        the layout stays (the previous key is reused when none of the sheets changed)."""
        if name in self.previous and not self._shows_changed(slugs):
            return self.previous[name]
        return key_of(map(self.versions.__getitem__, slugs), *parts)

    def _shows_changed(self, slugs: Sequence[str]) -> bool:
        if len(self.changed) < 8:  # the usual edit: a search of the list in C, no hashing
            return any(slug in slugs for slug in self.changed)
        return not self.changed.isdisjoint(slugs)
