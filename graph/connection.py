"""One Neo4j driver per process, for the configured server or the local one."""
from __future__ import annotations

import neo4j

from foedus.settings import Settings

__all__ = ["open_driver", "connection_target"]


def connection_target(settings: Settings) -> tuple[str, tuple[str, str] | None]:
    """The URI and auth to use: NEO4J_URI if set, else the local server's."""
    if settings.neo4j_uri:
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
        return settings.neo4j_uri, (settings.neo4j_user, password) if password is not None else None
    from foedus.graph.server import LocalNeo4j

    local = LocalNeo4j(settings)
    password = local.password()
    return local.bolt_uri, ("neo4j", password) if password is not None else None


def open_driver(settings: Settings) -> neo4j.Driver:
    """A driver for the configured server (caller closes it)."""
    uri, auth = connection_target(settings)
    # Server notifications (e.g. "property does not exist yet" on an empty graph) are noise here.
    return neo4j.GraphDatabase.driver(uri, auth=auth, max_connection_pool_size=50,
                                      notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF)
