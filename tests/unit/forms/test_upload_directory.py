"""The upload directory: files are received whole under generated names, or not at all,
and their type comes from their content."""

import hashlib
import io

import pytest

from services.forms.adapters.uploads import FileTooLarge, UploadDirectory


@pytest.fixture
def directory(tmp_path):
    return UploadDirectory(tmp_path / "uploads")


def receive_and_keep(directory, content: bytes, limit: int = 1024):
    with directory.receive(io.BytesIO(content), limit) as incoming:
        return incoming, directory.keep(incoming)


def test_a_kept_file_has_a_generated_name_its_hash_and_size(directory):
    incoming, stored_name = receive_and_keep(directory, b"%PDF-1.4\n%%EOF\n")

    assert directory.path_of(stored_name).read_bytes() == b"%PDF-1.4\n%%EOF\n"
    assert incoming.sha256 == hashlib.sha256(b"%PDF-1.4\n%%EOF\n").hexdigest()
    assert (incoming.size, incoming.content_type) == (15, "application/pdf")
    assert [p.name for p in directory.directory.iterdir()] == [stored_name]


def test_a_file_over_the_limit_leaves_nothing(directory):
    with pytest.raises(FileTooLarge), directory.receive(io.BytesIO(b"x" * 1025), 1024):
        pass

    assert list(directory.directory.iterdir()) == []


def test_a_file_not_kept_leaves_nothing(directory):
    with directory.receive(io.BytesIO(b"%PDF-1.4"), 1024):
        pass

    assert list(directory.directory.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ("排放口监测记录\n".encode() * 2000, "text/plain"),  # cut inside a character
        ("排放口".encode("gb18030"), None),
        (b"binary\x00data", None),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png"),
    ],
)
def test_the_type_comes_from_the_content(directory, content, kind):
    incoming, _ = receive_and_keep(directory, content, limit=len(content))

    assert incoming.content_type == kind


@pytest.mark.parametrize("name", ["../secret", "g" * 32, "/etc/passwd"])
def test_only_generated_names_have_a_path(directory, name):
    with pytest.raises(ValueError):
        directory.path_of(name)
