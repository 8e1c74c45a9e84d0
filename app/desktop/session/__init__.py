"""Where the app's server and signed-in user come from: the embedded child, sign-in, settings."""
