"""The frozen app's program, `switchboard`: the same as the installed `switchboard` command."""

from app.desktop.main import main

main()
