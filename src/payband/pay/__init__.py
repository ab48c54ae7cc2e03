"""Pay: OEWS wage bands for roles and areas, the ranking of roles, and what one role pays where."""
