"""Advice for a person: pay estimates (and later role fit, skills to learn, moves between roles)."""
