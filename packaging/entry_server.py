"""The frozen app's server program, `switchboard-server`, beside `switchboard` in its folder: the
embedded demo server the app starts (app.desktop.session.embedded.server_program), and the same as
the installed `switchboard-server` command for a team's own server."""

from app.server.cli import main

main()
