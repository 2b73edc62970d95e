"""MkDocs glue: the only modules that import MkDocs. The plugin's hooks (plugin.py), one
MkDocs build of a share of the pages (worker.py) and the live preview (preview.py)."""
