"""Render: the checked model into the site's Markdown and data, with Jinja2; no I/O, no cache.

The environment and addresses (environment.py); one sheet's page, data and Fragments (sheet.py);
what the site-wide pages need of a sheet and where it goes (listing.py, layout.py); the
site-wide pages planned as SitePages (site_pages.py); series pages and the chart
(series_pages.py, chart.py); the data downloads (exports.py) and the site-wide data files
made of rows (rows.py); the Atom feeds (feeds.py); descriptions and JSON-LD (metadata.py);
the link-preview images (social_cards.py, drawn with Pillow); the embed pages of figures and
charts and the charts' SVG and PNG downloads (embeds.py);
the search records (search_records.py); the sources pages and data (sources_page.py); the two
doors of the trust model (escape.py, prose.py). May import model, problems, read and check."""
