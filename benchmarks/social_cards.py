"""What social cards cost: the whole `factsheet build`, cold and after one article edited,
with cards and without (`social_cards: false`), alternating in one run; and what they add to
the site's size.

    python -m benchmarks.social_cards 10000 --rounds 3

Each build is a process of its own (benchmarks.run.timed); the project has a site_url, as a
published site has, since cards are drawn only then. Medians and ratios are reported."""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from benchmarks.run import _clean, _edit_headline, factsheet, folder_size, project, timed


def _set_cards(root: Path, on: bool) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text()
    text = text.replace("social_cards: true", "social_cards: false") if not on else \
        text.replace("social_cards: false", "social_cards: true")
    config.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.social_cards", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, nargs="?", default=10_000, help="sheets (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=3, help="builds of each kind (default: %(default)s)")
    args = parser.parse_args(argv)
    samples: dict[str, list[float]] = {k: [] for k in ("cold on", "cold off", "edit on", "edit off")}
    with tempfile.TemporaryDirectory() as tmp:
        root = project(Path(tmp) / "p", args.n)
        config = root / "mkdocs.yml"
        config.write_text(config.read_text() + "site_url: https://desk.example.org/facts/\n")
        sizes: dict[str, int] = {}
        for round_ in range(args.rounds):
            for on in (True, False):
                kind = "on" if on else "off"
                _set_cards(root, on)
                _clean(root)
                samples[f"cold {kind}"].append(timed(factsheet("build"), root)[0])
                _edit_headline(root, f"r{round_}{kind}")
                samples[f"edit {kind}"].append(timed(factsheet("build"), root)[0])
                if on and round_ == 0:
                    cards = root / "site/cards"
                    files = [p.stat().st_size for p in cards.rglob("*.png")]
                    sizes = {"cards": len(files), "card bytes": sum(files), "largest card": max(files),
                             "site bytes": folder_size(root / "site")}
        for kind in ("cold", "edit"):
            on, off = statistics.median(samples[f"{kind} on"]), statistics.median(samples[f"{kind} off"])
            print(f"{kind} build, N = {args.n}: with cards {on:.1f} s, without {off:.1f} s, "
                  f"ratio {on / off:.2f} (runs: {samples[f'{kind} on']} / {samples[f'{kind} off']})")
        cards, site = sizes["card bytes"], sizes["site bytes"]
        print(f"{sizes['cards']} cards, {cards / 1e6:.1f} MB ({cards / site:.1%} of the site's "
              f"{site / 1e6:.0f} MB), mean {cards / sizes['cards'] / 1e3:.1f} KB, "
              f"largest {sizes['largest card'] / 1e3:.1f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
