"""`python -m dotterel` runs the CLI."""
from .cli import main

main()
