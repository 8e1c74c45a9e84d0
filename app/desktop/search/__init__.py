"""Customer search: the search box, its result list (model + paint delegate) and their states."""
