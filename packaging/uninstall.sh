#!/usr/bin/env bash
# Take out what install.sh installed for this user: the app folder ~/.local/lib/switchboard, its
# link in ~/.local/bin, and the desktop entry, icons and AppStream file it listed in the app folder's
# installed-files. The user's data (~/.local/share/switchboard: demo database, drafts, logs) and
# settings stay; delete those folders by hand to forget everything.
#
#   bash ~/.local/lib/switchboard/uninstall.sh     # or dist/switchboard/uninstall.sh, packaging/uninstall.sh
set -euo pipefail

DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
LIB="$HOME/.local/lib/switchboard"
MANIFEST="$LIB/installed-files"
if [ ! -f "$MANIFEST" ]; then
    echo "uninstall.sh: Switchboard is not installed in $LIB" >&2
    exit 1
fi

while read -r file; do
    case "$file" in
        "$HOME"/* | "$DATA"/*) ;;
        *) echo "uninstall.sh: leaves $file alone: it is in neither $HOME nor $DATA" >&2; continue ;;
    esac
    # The link only while it still points at this app (the user may have replaced it since).
    if [ -L "$file" ] && [ "$(readlink "$file")" != "$LIB/switchboard" ]; then
        continue
    fi
    rm -f "$file"
done <"$MANIFEST"
rm -rf "$LIB"

if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$DATA/applications" ]; then
    update-desktop-database -q "$DATA/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
fi
echo "uninstall.sh: Switchboard is uninstalled; your data in $DATA/switchboard is kept"
