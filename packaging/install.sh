#!/usr/bin/env bash
# Install the built Switchboard for this user only (no root), the way desktops look for programs:
#   ~/.local/lib/switchboard/                      the app folder (a copy of dist/switchboard)
#   ~/.local/bin/switchboard                       a link to its program
#   $XDG_DATA_HOME/applications/com.example.switchboard.desktop   (XDG_DATA_HOME: ~/.local/share)
#   $XDG_DATA_HOME/icons/hicolor/*/apps/switchboard.{png,svg}
#   $XDG_DATA_HOME/metainfo/com.example.switchboard.metainfo.xml
#
#   bash dist/switchboard/install.sh [APP_FOLDER]     # or packaging/install.sh; again to update
#   bash ~/.local/lib/switchboard/uninstall.sh        # takes it all out again
#
# APP_FOLDER is the built folder: by default the folder this script is in, when it is one (build.sh
# copies the script there), else dist/switchboard beside packaging/. Installing again replaces the
# app; the user's data (~/.local/share/switchboard) is never touched.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
if [ $# -ge 1 ]; then
    SOURCE="$1"
elif [ -x "$HERE/switchboard" ] && [ -d "$HERE/_internal" ]; then
    SOURCE="$HERE"
else
    SOURCE="$HERE/../dist/switchboard"
fi
if [ ! -x "$SOURCE/switchboard" ] || [ ! -d "$SOURCE/share" ]; then
    echo "install.sh: $SOURCE is not a built Switchboard folder; build it first: bash packaging/build.sh" >&2
    exit 1
fi
SOURCE="$(cd "$SOURCE" && pwd)"

ID=com.example.switchboard
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
BIN="$HOME/.local/bin"
LIB="$HOME/.local/lib/switchboard"
case "$LIB" in
    *[\"\`\$\\]*) echo "install.sh: cannot write a desktop entry for the path $LIB" >&2; exit 1 ;;
esac

# The app folder: copied next to the old one, then swapped in, so a failed copy leaves the old app.
if [ "$SOURCE" != "$LIB" ]; then
    mkdir -p "$(dirname "$LIB")"
    rm -rf "$LIB.new"
    cp -a "$SOURCE" "$LIB.new"
    rm -rf "$LIB.old"
    if [ -e "$LIB" ]; then mv "$LIB" "$LIB.old"; fi
    mv "$LIB.new" "$LIB"
    rm -rf "$LIB.old"
fi

# What is placed outside the app folder, for uninstall.sh.
MANIFEST="$LIB/installed-files"
: >"$MANIFEST"
place() {  # place SOURCE TARGET [MODE]
    install -D -m "${3:-644}" "$1" "$2"
    echo "$2" >>"$MANIFEST"
}

mkdir -p "$BIN"
ln -sfn "$LIB/switchboard" "$BIN/switchboard"
echo "$BIN/switchboard" >>"$MANIFEST"

# The desktop entry runs the installed program by its full path (the desktop's PATH may lack ~/.local/bin).
ENTRY="$(mktemp)"
trap 'rm -f "$ENTRY"' EXIT
sed -e "s|^Exec=switchboard\$|Exec=\"$LIB/switchboard\"|" -e "s|^TryExec=switchboard\$|TryExec=$LIB/switchboard|" \
    "$LIB/share/applications/$ID.desktop" >"$ENTRY"
place "$ENTRY" "$DATA/applications/$ID.desktop"
place "$LIB/share/metainfo/$ID.metainfo.xml" "$DATA/metainfo/$ID.metainfo.xml"
(cd "$LIB/share/icons" && find hicolor -type f) | while read -r icon; do
    place "$LIB/share/icons/$icon" "$DATA/icons/$icon"
done

# Tell the desktop (each tool is optional: desktops also notice the new files by themselves).
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$DATA/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
fi

echo "install.sh: Switchboard is installed in $LIB; start it from the desktop's menu or with $BIN/switchboard"
case ":$PATH:" in
    *":$BIN:"*) ;;
    *) echo "install.sh: $BIN is not on your PATH; add it to run 'switchboard' from a terminal" ;;
esac
