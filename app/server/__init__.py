"""Reference API server for Switchboard (FastAPI)."""
