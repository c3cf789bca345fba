"""Fixtures for the fault suite: the integration tests' real databases on each backend."""

from tests.integration.conftest import empty_engine, engine, postgres_url

__all__ = ["empty_engine", "engine", "postgres_url"]
