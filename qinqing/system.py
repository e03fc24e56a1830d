"""The five services, by name: how to build, serve and seed each."""

from __future__ import annotations

import importlib
from types import ModuleType

from shared.config import SERVICES

#: Seeding order: each service's demo data needs the events of the ones before it.
SEED_ORDER = ("directory", "forms", "workflow", "notify", "reports")


class NotReady(Exception):
    """Raised by a service's seed when the events it builds on have not arrived yet."""


def service_module(name: str, part: str) -> ModuleType:
    """Import ``services.<name>.<part>`` (bootstrap, app, seed)."""
    if name not in SERVICES:
        raise KeyError(f"unknown service {name!r}; one of {', '.join(SERVICES)}")
    return importlib.import_module(f"services.{name}.{part}")


def bootstrap(name: str, settings):
    return service_module(name, "bootstrap").bootstrap(settings)


def create_app(name: str, settings, runtime=None):
    return service_module(name, "app").create_app(settings, runtime=runtime)


def seed(name: str, runtime) -> bool:
    try:
        module = service_module(name, "seed")
    except ModuleNotFoundError:
        return False
    return module.seed(runtime)
