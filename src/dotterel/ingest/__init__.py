"""Reading and cleaning input before any NLP runs."""
