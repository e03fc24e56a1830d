"""Events between services (envelope, outbox, relay, buses) and jobs inside one (dramatiq)."""
