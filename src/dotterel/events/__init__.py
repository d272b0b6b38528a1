"""Event layer: which sentences report events, of which type and mode, by whom against whom."""
