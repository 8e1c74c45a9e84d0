"""Tests of the async API client and the credential store."""
