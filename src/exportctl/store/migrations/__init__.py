"""Alembic migrations for every table exportctl keeps (lists, decisions, API keys, audit)."""
