"""pydantic's modules, collected as pyinstaller-hooks-contrib's hook does, without its mypy and
hypothesis plugins and the pydantic.v1 compatibility package, which Switchboard never imports."""

from PyInstaller.utils.hooks import collect_submodules

LEFT_OUT = ("pydantic.mypy", "pydantic.v1", "pydantic._hypothesis_plugin")

hiddenimports = collect_submodules("pydantic", filter=lambda name: not name.startswith(LEFT_OUT))
