"""Site: the built website, from the generated files: the incremental, parallel build into a
standby tree swapped with site/ (build.py), what each tree holds (state.py), the search index
(search.py) and publishing to a branch (publish.py). May import project and fs, and
generator.mkdocs_glue.worker, which runs MkDocs."""
