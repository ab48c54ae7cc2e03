"""payband: where the money in tech flows, and what you need to get there."""
