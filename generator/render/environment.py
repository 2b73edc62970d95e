"""The Jinja2 environment every template renders in, and the addresses fragments and pages
write: content reaches templates only as variables, never as template source, and every
variable is escaped for where it lands (``|md`` on Markdown lines, HTML autoescaping inside
HTML blocks)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator.check.numbers import format_value, value_parts
from generator.model import PartialDate, Reference
from generator.render.escape import html_text, markdown_text, marked_html
from generator.render.exports import text_fragment
from generator.render.metadata import NO_PUBLISHER, Publisher


def make_environment(templates: Path | list[Path], compiled: Path | None = None, *,
                     directory_urls: bool = True, publisher: Publisher = NO_PUBLISHER,
                     cards: bool = False, site_name: str = "", embeds: bool = True) -> Environment:
    """Templates from `templates` (a folder, or folders looked in in order); `compiled` is a
    folder where Jinja2 keeps their compiled code between runs (it checks each against its
    template's text), which saves 0.2 s.
    `directory_urls` is MkDocs' use_directory_urls: how HTML fragments write addresses;
    `publisher` who publishes the site, for its structured data; `cards` whether pages have
    social cards (cards/sheets/<slug>.png, cards/series/<slug>.png); `site_name` what embeds
    name the site; `embeds` whether figures and charts have embed pages and codes."""
    cache = None
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
        cache = FileSystemBytecodeCache(str(compiled))
    env = Environment(
        loader=FileSystemLoader(templates),
        bytecode_cache=cache,
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=markdown_text, html=html_text, value=format_value,
                       value_parts=value_parts, source_name=source_name, marked=marked_html, day=day,
                       at_passage=lambda p: text_fragment(p.page, p.text))
    env.globals["directory_urls"] = directory_urls
    env.globals["publisher"] = publisher
    env.globals["cards"] = cards
    env.globals["site_name"] = site_name
    env.globals["embeds"] = embeds
    env.globals["url"] = (lambda path: path + "/") if directory_urls else (lambda path: path + ".html")
    return env


# Fragments are rendered once with ROOT where the path back to the site root goes, and placed
# on any page by replacing it. NUL never occurs in content: files holding one are refused
# and the escaping filters drop control characters.

ROOT = "\x00"


def rooted(env: Environment, fragment: str, page: str) -> Markup:
    """A fragment with its links made relative to the address of the docs file `page`."""
    return Markup(fragment.replace(ROOT, root_of(env, page)))


def root_of(env: Environment, page: str) -> str:
    """The way back to the site root from the address of the docs file `page`: with directory
    URLs, tags/war.md is served as tags/war/, one folder deeper than its file."""
    depth = page.count("/")
    if env.globals["directory_urls"] and page != "index.md" and not page.endswith("/index.md"):
        depth += 1
    return "../" * depth


def source_name(reference: Reference) -> str:
    """What a reference list shows besides the link: title, else publisher, else the domain."""
    return reference.name


def day(iso: str) -> str:
    """A YYYY-MM-DD date as readers read it: "8 May 2025"."""
    return PartialDate(int(iso[:4]), int(iso[5:7]), int(iso[8:10])).display if iso else ""


def domain(url: str) -> str:
    return Reference("", 0, url).domain


def absolute(site_url: str, path: str) -> str:
    """A path of the site as an absolute URL under `site_url`."""
    return site_url.rstrip("/") + "/" + path
