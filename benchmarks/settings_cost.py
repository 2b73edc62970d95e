"""What a setting that adds files costs: the whole `factsheet build`, cold and after one
article edited, with the setting on and off, alternating in one run; and what its files add
to the site's size.

    python -m benchmarks.settings_cost 10000 --rounds 3                    # social cards
    python -m benchmarks.settings_cost 10000 --rounds 3 --setting embeds   # embeds

Each build is a process of its own (benchmarks.run.timed); the project has a site_url, as a
published site has (cards are drawn only then). Medians and ratios are reported."""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from benchmarks.run import _clean, _edit_headline, factsheet, folder_size, project, timed

# The plugin setting, and the site folder its files go to
SETTINGS = {"social_cards": "cards", "embeds": "embed"}


def _set(root: Path, setting: str, on: bool) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text()
    text = text.replace(f"{setting}: true", f"{setting}: false") if not on else \
        text.replace(f"{setting}: false", f"{setting}: true")
    config.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.settings_cost", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, nargs="?", default=10_000, help="sheets (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=3, help="builds of each kind (default: %(default)s)")
    parser.add_argument("--setting", choices=sorted(SETTINGS), default="social_cards",
                        help="the setting turned on and off (default: %(default)s)")
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
                _set(root, args.setting, on)
                _clean(root)
                samples[f"cold {kind}"].append(timed(factsheet("build"), root)[0])
                _edit_headline(root, f"r{round_}{kind}")
                samples[f"edit {kind}"].append(timed(factsheet("build"), root)[0])
                if on and round_ == 0:
                    files = [p.stat().st_size for p in (root / "site" / SETTINGS[args.setting]).rglob("*")
                             if p.is_file()]
                    sizes = {"files": len(files), "bytes": sum(files), "largest": max(files),
                             "site bytes": folder_size(root / "site")}
        for kind in ("cold", "edit"):
            on, off = statistics.median(samples[f"{kind} on"]), statistics.median(samples[f"{kind} off"])
            print(f"{kind} build, N = {args.n}: {args.setting} on {on:.1f} s, off {off:.1f} s, "
                  f"ratio {on / off:.2f} (runs: {samples[f'{kind} on']} / {samples[f'{kind} off']})")
        made, site = sizes["bytes"], sizes["site bytes"]
        print(f"{sizes['files']} files, {made / 1e6:.1f} MB ({made / site:.1%} of the site's "
              f"{site / 1e6:.0f} MB), mean {made / sizes['files'] / 1e3:.1f} KB, "
              f"largest {sizes['largest'] / 1e3:.1f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
