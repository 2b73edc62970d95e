"""Check: every rule that needs more than one file, as pure functions (no I/O).

Pairing an article with its figures and every cross-check (linking.py), the numbers in quotes
(numbers.py), series: order, revisions and disagreements (series.py), and the evidence rule:
whether a cited page's text states a figure (evidence.py), and a sentence an article says twice
(repeats.py). May import generator.model,
generator.problems and generator.read."""
