"""Static fact-sheet site generator: articles and key-figure YAML in, Markdown for MkDocs out."""

__version__ = "0.1.0"
