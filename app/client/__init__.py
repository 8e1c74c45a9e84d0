"""Async HTTP client of the Switchboard API: typed methods, errors, retries, paging, events."""
