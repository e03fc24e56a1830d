"""gunicorn, started from the command line with an app object or factory."""

from __future__ import annotations

from collections.abc import Callable

from gunicorn.app.base import BaseApplication


class _Application(BaseApplication):
    def __init__(self, app_factory, options: dict):
        self.app_factory = app_factory
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.app_factory()


def serve_wsgi(
    app_factory: Callable[[], object],
    host: str,
    port: int,
    *,
    workers: int = 1,
    threads: int = 4,
    on_start: Callable[[], None] | None = None,
    on_stop: Callable[[], None] | None = None,
) -> None:
    """Serve the WSGI app that ``app_factory`` builds in each gunicorn worker.

    ``on_start`` runs in the worker process once it is ready (background threads belong
    there, not in the arbiter); ``on_stop`` when it exits.
    """
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "accesslog": "-",
        "graceful_timeout": 10,
        # gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/): the
        # services of one host would take it from each other, and an arbiter that exits
        # removes the socket of another. Processes are managed from outside instead.
        "control_socket_disable": True,
    }
    if on_start:
        options["post_worker_init"] = lambda _worker: on_start()
    if on_stop:
        options["worker_exit"] = lambda _server, _worker: on_stop()
    _Application(app_factory, options).run()
