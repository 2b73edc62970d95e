"""Authoring: help for the people who write content. A draft of an article's figures file
(draft.py), read sentence by sentence (sentences.py) for quantities (quantities.py), who states
them and labels (labels.py) and dated events (events.py); and the JSON Schemas editors use
(schema.py). May import everything but the CLI."""
