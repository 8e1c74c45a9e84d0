"""Switchboard: desktop app for call-centre agents, and its reference API server."""
