"""Authoring: help for the people who write content: a draft of an article's figures file
(draft.py) and the JSON Schemas editors use (schema.py). May import everything but the CLI."""
