"""phonenumbers loads its region metadata by name, so its modules are collected; not its geocoder,
carrier and time-zone data (20 MB of source), which Switchboard never asks for (packaging/switchboard.spec
leaves them out). Replaces pyinstaller-hooks-contrib's hook, which collects every submodule."""

from PyInstaller.utils.hooks import collect_submodules

LEFT_OUT = tuple(
    f"phonenumbers.{name}" for name in ("geocoder", "geodata", "carrier", "carrierdata", "timezone", "tzdata")
)

hiddenimports = collect_submodules("phonenumbers", filter=lambda name: not name.startswith(LEFT_OUT))
