"""HTTP routes of the reference server, one module per resource."""
