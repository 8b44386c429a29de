"""Foedus settings: the only place that reads the environment.

`NEO4J_URI`, `NEO4J_USER` and `NEO4J_PASSWORD` point Foedus at an existing Neo4j
(docker compose, Desktop, Aura, a cluster); without `NEO4J_URI` Foedus runs its
own local server from the jars fetched under `graph/neo4j/`. Everything else is
read with the `FOEDUS_` prefix.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["PROJECT_ROOT", "Settings", "get_settings"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every tunable of Foedus, with its default."""

    model_config = SettingsConfigDict(env_prefix="FOEDUS_", extra="ignore")

    neo4j_uri: str | None = Field(default=None, validation_alias=AliasChoices("NEO4J_URI", "FOEDUS_NEO4J_URI"))
    neo4j_user: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_USER", "FOEDUS_NEO4J_USER"))
    neo4j_password: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_PASSWORD", "FOEDUS_NEO4J_PASSWORD")
    )
    neo4j_database: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "FOEDUS_NEO4J_DATABASE")
    )

    # The local server that Foedus starts itself when NEO4J_URI is not set.
    state_dir: Path = PROJECT_ROOT / ".foedus"
    neo4j_home: Path = PROJECT_ROOT / "graph" / "neo4j" / "target" / "neo4j-home"
    local_instance: str = "main"
    local_bolt_port: int = 7687
    local_http_port: int = 7474
    local_auth: bool = True
    local_heap: str = "1g"
    local_pagecache: str = "256m"
    start_timeout: float = 120.0
    # The disposable local server of the tests and of `make score`'s graph check (wiped by both).
    test_bolt_port: int = 7688
    test_http_port: int = 7475

    # Extraction: the offline rules by default; "llm" asks an OpenAI-compatible endpoint.
    extractor: Literal["rules", "llm"] = "rules"
    llm_base_url: str = "http://127.0.0.1:11434/v1"
    llm_model: str = "llama3.1"
    llm_api_key: SecretStr | None = None

    # Writes and the service.
    batch_size: int = 2000
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_key: SecretStr | None = None
    query_timeout: float = 10.0
    max_upload_bytes: int = 10_000_000
    max_page_size: int = 500
    cors_origins: list[str] = []
    rdf_base: str = "https://w3id.org/foedus/id/"
    corpus_dir: Path = PROJECT_ROOT / "corpus"

    @property
    def uses_local_server(self) -> bool:
        """True when Foedus must run its own Neo4j."""
        return not self.neo4j_uri

    def for_tests(self) -> Settings:
        """The settings of the disposable test server: NEO4J_URI when set (and wiped!), else a local
        instance of its own per port, without auth, so two runs on two ports never share a database."""
        if self.neo4j_uri:
            return self
        instance = "test" if self.test_bolt_port == 7688 else f"test-{self.test_bolt_port}"
        return self.model_copy(update={"local_instance": instance, "local_bolt_port": self.test_bolt_port,
                                       "local_http_port": self.test_http_port, "local_auth": False})

    @property
    def instance_dir(self) -> Path:
        """Where the local server keeps its config, data, logs and PID."""
        return self.state_dir / f"neo4j-{self.local_instance}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once."""
    return Settings()
