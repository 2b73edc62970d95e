"""Read: the content folder's files into the model, every problem at its line and column.

Finding the files (content.py), bytes to text (files.py), wire and Markdown articles
(articles.py, dates.py), the strict YAML layer and the figures and series files (strict_yaml.py,
figures.py), records of cited pages (sources.py, read with strict_json.py). May import generator.model and
generator.problems, nothing else of the package."""
