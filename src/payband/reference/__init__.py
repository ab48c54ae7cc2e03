"""Reference data payband stands on: the roles catalog, the skill taxonomy, OEWS wages and areas.

Every file here is bundled with the package, versioned, and described in ``data/PROVENANCE.md``.
"""
