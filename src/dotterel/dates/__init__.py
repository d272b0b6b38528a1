"""When: the publication date of a document and the date of each event."""
