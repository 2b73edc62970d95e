"""Sources: `factsheet sources` (run.py), the only network step: reading the pages that
references cite politely and safely (fetch.py), their text and metadata (extract.py), their
archived copies (archive.py), and the records kept of them in content/sources/ (records.py:
names, YAML, status rules). May import everything but the CLI."""
