"""Org paths: subtrees and ancestors."""

from shared.org_paths import ancestors_and_self, is_within


def test_a_path_is_within_itself_and_its_ancestors():
    assert is_within("33/3301/330102", "33/3301/330102")
    assert is_within("33/3301/330102", "33")


def test_a_sibling_whose_code_starts_alike_is_not_within():
    assert not is_within("33/33011", "33/3301")
    assert not is_within("33/3301", "33/3301/330102")


def test_ancestors_and_self_run_from_the_root_down():
    assert ancestors_and_self("33/3301/330102") == ["33", "33/3301", "33/3301/330102"]
    assert ancestors_and_self("33") == ["33"]
