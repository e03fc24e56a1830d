"""Org paths: the codes of an org unit and its ancestors from the root down, joined by "/"
("33/3301/330102"). Every service scopes its records by them.

:func:`shared.db.in_subtree` is the SQL form of :func:`is_within`.
"""


def is_within(path: str, root: str) -> bool:
    """Whether ``path`` is ``root`` or lies below it ("33/3301/330102" is within "33/3301",
    "33/33011" is not)."""
    return path == root or path.startswith(root + "/")


def ancestors_and_self(path: str) -> list[str]:
    """The paths from the root down to ``path``: "33/3301/330102" gives "33", "33/3301"
    and "33/3301/330102"."""
    codes = path.split("/")
    return ["/".join(codes[: depth + 1]) for depth in range(len(codes))]
