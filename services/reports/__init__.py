"""Reports: read models fed by other services' events, and the reports built on them."""
