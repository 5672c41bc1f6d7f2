from django.apps import AppConfig
from django.db.backends.signals import connection_created

# How alike a name must be to match a search (pg_trgm's word similarity, 0–1; its default is 0.6,
# which misses common slips like "Bilall Kahn" for "Bilal Khan").
NAME_SEARCH_THRESHOLD = 0.45


def _postgres_session(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET pg_trgm.word_similarity_threshold = {NAME_SEARCH_THRESHOLD}")


class CoreConfig(AppConfig):
    name = "safeguard.core"
    label = "core"

    def ready(self) -> None:
        connection_created.connect(_postgres_session, dispatch_uid="safeguard_postgres_session")
        from . import (
            checks,  # noqa: F401  (registers the start-up checks)
            tasks,  # noqa: F401  (registers the tasks in every process: the outbox queues them by name)
        )
        from .metrics import metric_source_register, outbox_metrics

        metric_source_register("outbox", outbox_metrics)
