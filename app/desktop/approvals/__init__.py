"""The supervisor's Approvals view: pending change and goodwill requests, approved or rejected."""
