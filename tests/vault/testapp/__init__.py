"""A test-only Django app with encrypted models, installed by tests/vault/conftest.py."""
