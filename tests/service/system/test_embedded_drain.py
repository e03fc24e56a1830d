"""EmbeddedSystem.drain(), which tests and seeding rely on to deliver everything."""

ORG_UNIT = {
    "id": "ou-drain",
    "name": "生态环境执法队",
    "name_en": "Enforcement team",
    "kind": "department",
    "parent_id": "ou-330106",
    "path": "33/3301/330106",
}


def emit_org_unit_created(embedded) -> str:
    with embedded.runtimes["directory"].uow() as uow:
        envelope = uow.emit("directory.org_unit.created", ORG_UNIT, tenant="33")
        uow.commit()
    return envelope["id"]


def test_drain_waits_out_the_pause_of_an_event_whose_delivery_failed_and_delivers_it(embedded):
    # Given a subscriber whose first delivery fails, and a bus that pauses before a retry
    deliveries = []

    def flaky(envelope):
        deliveries.append(envelope["id"])
        if len(deliveries) == 1:
            raise ConnectionError("the subscriber's database is restarting")

    embedded.bus.retry_delay = 0.3
    embedded.bus.subscribe("flaky", ["directory.org_unit.created"], flaky)
    event_id = emit_org_unit_created(embedded)

    # When everything is drained
    embedded.drain()

    # Then the event was offered again after the pause, within drain()
    assert deliveries == [event_id, event_id]
    assert embedded.bus.next_retry_in() is None


def test_drain_returns_once_an_event_that_keeps_failing_is_dead_lettered(embedded):
    def broken(envelope):
        raise ValueError("handler bug")

    embedded.bus.retry_delay = 0.01
    embedded.bus.subscribe("broken", ["directory.org_unit.created"], broken)
    event_id = emit_org_unit_created(embedded)

    embedded.drain()

    assert [(queue, e["id"]) for queue, e, _ in embedded.bus.dead_letters] == [("broken", event_id)]
    assert embedded.bus.next_retry_in() is None
