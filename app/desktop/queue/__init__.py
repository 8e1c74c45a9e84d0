"""The queue: threads across customers, newest activity first, for agents (their own) and supervisors."""
