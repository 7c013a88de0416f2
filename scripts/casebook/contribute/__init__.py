"""Contributor tools: the record scaffolder, the Propose page's record file, the pull-request summary."""
