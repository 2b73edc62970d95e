"""Sources: reading the pages that references cite, the only network step: politely and
safely (fetch.py), their text and metadata (extract.py), and their archived copies
(archive.py); what it finds is kept as content records for the stages after. May import
everything but the CLI."""
