"""Forms remembers which version an enterprise files, for a while, and forgets it when a
form is published (the INSERT's guard, not this cache, keeps other processes right)."""

from services.forms.adapters.cache import PublishedVersion, PublishedVersionCache

V1 = PublishedVersion("version-1", "form-1", 1, "33")
V2 = PublishedVersion("version-2", "form-1", 2, "33")


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def loader(*answers):
    """A load function answering ``answers`` in turn, counting its calls."""
    calls = []

    def load():
        calls.append(1)
        return answers[min(len(calls), len(answers)) - 1]

    return load, calls


def test_a_version_found_once_is_not_looked_up_again_within_the_ttl():
    clock = Clock()
    cache = PublishedVersionCache(ttl=5, timer=clock)
    load, calls = loader(V1)
    assert cache.get("enterprise-request", "33/3301/330102", load) == V1
    clock.now = 4.9
    assert cache.get("enterprise-request", "33/3301/330102", load) == V1
    assert len(calls) == 1


def test_a_remembered_version_is_looked_up_again_once_the_ttl_has_passed():
    clock = Clock()
    cache = PublishedVersionCache(ttl=5, timer=clock)
    load, _calls = loader(V1, V2)
    cache.get("enterprise-request", "33", load)
    clock.now = 5.1
    assert cache.get("enterprise-request", "33", load) == V2


def test_clearing_makes_the_next_lookup_ask_again():
    cache = PublishedVersionCache(ttl=60, timer=Clock())
    load, _calls = loader(V1, V2)
    cache.get("enterprise-request", "33", load)
    cache.clear()
    assert cache.get("enterprise-request", "33", load) == V2


def test_each_org_path_has_its_own_entry():
    cache = PublishedVersionCache(ttl=60, timer=Clock())
    cache.get("enterprise-request", "33/3301/330102", lambda: V1)
    assert cache.get("enterprise-request", "33/3301/330106", lambda: V2) == V2


def test_a_form_not_published_yet_is_not_remembered():
    cache = PublishedVersionCache(ttl=60, timer=Clock())
    load, calls = loader(None, V1)
    assert cache.get("enterprise-request", "33", load) is None
    assert cache.get("enterprise-request", "33", load) == V1
    assert len(calls) == 2


def test_a_lookup_that_raced_a_publish_does_not_keep_the_old_version():
    cache = PublishedVersionCache(ttl=60, timer=Clock())

    def load_while_publishing():
        cache.clear()  # the publish commits while this lookup reads the old version
        return V1

    assert cache.get("enterprise-request", "33", load_while_publishing) == V1
    assert cache.get("enterprise-request", "33", lambda: V2) == V2
