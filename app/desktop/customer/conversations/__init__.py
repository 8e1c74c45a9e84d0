"""The conversations tab: thread list, chat-style message view, composer."""
