"""Text understanding: reading what postings and resumes say (salary text, job titles, locations)."""
