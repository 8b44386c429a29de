"""Shared dependencies of the API's routers."""
from __future__ import annotations

import hmac
from typing import Annotated

import neo4j
from fastapi import Depends, Header, HTTPException, Request

from foedus.settings import Settings

__all__ = ["DriverDep", "SettingsDep", "require_api_key"]


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_driver(request: Request) -> neo4j.Driver:
    return request.app.state.driver


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
DriverDep = Annotated[neo4j.Driver, Depends(get_driver)]


def require_api_key(settings: SettingsDep, x_api_key: Annotated[str | None, Header()] = None) -> None:
    """Writes need the configured API key; with none configured, write endpoints are off."""
    if settings.api_key is None or not settings.api_key.get_secret_value():
        raise HTTPException(403, "write endpoints are off: no FOEDUS_API_KEY is configured")
    if not x_api_key or not hmac.compare_digest(x_api_key.encode(), settings.api_key.get_secret_value().encode()):
        raise HTTPException(401, "a valid X-API-Key header is required")
