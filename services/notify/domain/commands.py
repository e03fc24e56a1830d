"""Commands notify carries out."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from services.notify.domain.addressing import Viewer


@dataclass(frozen=True)
class MarkRead:
    item_id: str
    viewer: Viewer


@dataclass(frozen=True)
class MarkAllRead:
    viewer: Viewer


@dataclass(frozen=True)
class RequeueStaleDeliveries:
    """Enqueue again the pending deliveries untouched for ``older_than`` before ``at``."""

    older_than: timedelta
    at: datetime
