"""Authoring: help for the people who write content. A draft of an article's figures file
(draft.py), read sentence by sentence (sentences.py) for quantities (quantities.py), who states
them and labels (labels.py) and dated events (events.py); the JSON Schemas editors use
(schema.py); and a new site project of one's own (new_site.py). May import everything but the
CLI."""
