"""The customer pane: header, conversations and preferences of the opened customer."""
