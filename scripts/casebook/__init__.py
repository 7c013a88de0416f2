"""Casebook: a citable evidence knowledge base for UK public-service HR."""

__version__ = "0.1.0"
