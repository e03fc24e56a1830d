"""Reading rendered pages in tests: the start tags of an HTML document and their attributes."""

from __future__ import annotations

from html.parser import HTMLParser


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: "" if value is None else value for name, value in attrs}))


def tags(page: str, tag: str | None = None, **attributes: str) -> list[dict]:
    """The attributes of every ``tag`` element of ``page`` having ``attributes``
    (``class_`` for ``class``, ``data_x`` for ``data-x``)."""
    wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attributes.items()}
    parser = _Tags()
    parser.feed(page)
    return [
        attrs
        for name, attrs in parser.tags
        if (tag is None or name == tag) and all(attrs.get(k) == v for k, v in wanted.items())
    ]


def tag(page: str, tag_name: str | None = None, **attributes: str) -> dict:
    """The one element matching, as :func:`tags` finds it."""
    found = tags(page, tag_name, **attributes)
    assert len(found) == 1, f"{len(found)} <{tag_name}> with {attributes}"
    return found[0]
