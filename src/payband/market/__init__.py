"""Market analytics over job-posting corpora: ingest into a store, then pay, demand and skill premiums."""
