"""The Activity tab: the customer's communications log, filtered and paged."""
