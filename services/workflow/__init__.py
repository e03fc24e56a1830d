"""The workflow service: enterprise service accounts ("one enterprise, one account"),
tickets ("one event, one order") routed by rules kept as data, deadlines in working days,
the pairing roster and each ticket's append-only history."""
