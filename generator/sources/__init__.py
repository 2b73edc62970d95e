"""Sources: reading the pages that references cite, the only network step: politely and
safely (fetch.py), and their text and metadata (extract.py); what it finds is kept as content
records for the stages after. May import everything but the CLI."""
