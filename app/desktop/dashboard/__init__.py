"""The supervisor's Dashboard view: how the chosen days went, as charts of the server's summary report."""
