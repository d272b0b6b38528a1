"""Who said what: direct and reported quotations with resolved speakers."""
