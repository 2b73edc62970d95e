"""Sources: reading the pages that references cite (fetch.py), the only network step; what it
finds is kept as content records for the stages after. May import everything but the CLI."""
