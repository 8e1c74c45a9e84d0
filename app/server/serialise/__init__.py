"""Serialisers: stored rows turned into the contract's wire models, one module per resource."""
