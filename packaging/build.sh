#!/usr/bin/env bash
# Build Switchboard as a one-folder Linux app: dist/switchboard/, program dist/switchboard/switchboard,
# with its server program dist/switchboard/switchboard-server beside it (the embedded demo server).
#
#   bash packaging/build.sh            # then: bash dist/switchboard/install.sh  (into ~/.local)
#
# It uses the current Python environment (the active virtualenv, else .venv, else python3), which
# must have Switchboard installed (pip install -e .), and installs PyInstaller into it. CLEAN=1
# rebuilds from scratch instead of reusing PyInstaller's cache in build/pyinstaller.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${VIRTUAL_ENV:-}" ]; then
    PYTHON="$VIRTUAL_ENV/bin/python"
elif [ -x .venv/bin/python ]; then
    PYTHON=.venv/bin/python
else
    PYTHON=python3
fi
if ! "$PYTHON" -c 'import app.desktop.main, app.server.cli, PySide6.QtSvg' 2>/dev/null; then
    echo "build.sh: $PYTHON cannot import Switchboard; install it first: $PYTHON -m pip install -e ." >&2
    exit 1
fi
"$PYTHON" -m pip install -q 'pyinstaller>=6.10,<7'

APP=dist/switchboard
rm -rf "$APP"
"$PYTHON" -m PyInstaller --noconfirm ${CLEAN:+--clean} --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/switchboard.spec

# Desktop integration, for install.sh: the icon in the theme's sizes, the desktop entry, AppStream.
SHARE="$APP/share"
"$PYTHON" packaging/render_icons.py "$SHARE/icons"
install -D -m 644 packaging/linux/com.example.switchboard.desktop "$SHARE/applications/com.example.switchboard.desktop"
install -D -m 644 packaging/linux/com.example.switchboard.metainfo.xml "$SHARE/metainfo/com.example.switchboard.metainfo.xml"
install -m 755 packaging/install.sh packaging/uninstall.sh "$APP/"

echo "build.sh: built $APP ($(du -sh "$APP" | cut -f1)); run it: $APP/switchboard; install it: bash $APP/install.sh"
