"""YAML read safely and explained: every value with its line, mistakes in plain words, text kept as written."""
