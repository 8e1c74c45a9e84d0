"""The wire: pydantic models and enums of the Switchboard API, shared by client and server."""
