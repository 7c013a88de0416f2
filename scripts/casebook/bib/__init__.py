"""The bibliography: references.bib read as pandoc reads it, the works records carry, and their views and exports."""
