"""Analysis: running scenarios and deriving every metric from the ledger."""
