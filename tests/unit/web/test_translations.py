"""The zh-CN catalogue covers every user-facing text, and the compiled copy is current."""

from io import BytesIO
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "shared/web/translations/zh_Hans_CN/LC_MESSAGES"
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "N_": None}


def catalogue():
    with (CATALOGUE / "messages.po").open("rb") as handle:
        return read_po(handle)


def extracted_msgids() -> set[str]:
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    messages = extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, directory_filter=project_directory
    )
    return {message if isinstance(message, str) else message[0] for _f, _l, message, *_ in messages}


def project_directory(path: str) -> bool:
    relative = Path(path).relative_to(ROOT)
    return not relative.parts or relative.parts[0] in ("shared", "services", "qinqing")


def test_extraction_finds_the_texts_of_templates_and_code():
    found = extracted_msgids()
    assert {"Sign in to Qinqing", "Missing data for required field.", "Acceptance number"} <= found


def test_every_text_in_the_code_is_in_the_catalogue_with_a_translation():
    translated = {m.id for m in catalogue() if m.id and m.string}
    assert extracted_msgids() - translated == set()


def test_the_compiled_catalogue_matches_its_source():
    with (CATALOGUE / "messages.mo").open("rb") as handle:
        compiled = {hashable(m.id): hashable(m.string) for m in read_mo(handle) if m.id}
    source = {hashable(m.id): hashable(m.string) for m in catalogue() if m.id and m.string}
    assert compiled == source


def hashable(text):
    """A message's id or string; a plural message's forms as a tuple."""
    return tuple(text) if isinstance(text, list | tuple) else text


def test_a_catalogue_round_trips_through_the_compiler():
    buffer = BytesIO()
    write_mo(buffer, catalogue())
    buffer.seek(0)
    assert any(m.string == "登录亲清" for m in read_mo(buffer))
