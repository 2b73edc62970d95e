"""Incremental: what lets a run skip work the last run did, behind one seam (reuse.py), and
the sharing of many sheets among worker processes (sheet_work.py).

The cache of sheets, site pages and series (cache.py), the one codec for everything kept or
sent to another process, by field name (codec.py), stored Fragments and reused page keys
(fragments.py), the series computed again only where they changed (series_step.py). May
import every stage before it (read, check, render, write), project and fs."""
