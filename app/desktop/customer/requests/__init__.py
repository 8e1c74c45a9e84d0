"""The Requests tab: the customer's change and goodwill requests, approved changes, the label history."""
