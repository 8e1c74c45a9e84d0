"""The Switchboard desktop application (PySide6 on qasync)."""
