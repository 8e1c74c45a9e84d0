"""`python -m app.desktop`: the same as the `switchboard` command."""

from app.desktop.main import main

main()
