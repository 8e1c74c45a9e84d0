"""The preferences tab: category x channel matrix with staged changes, marketing switches, consent history."""
