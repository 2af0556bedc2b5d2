"""Parameters with provenance: the payer tree, YAML sources with line numbers, input errors."""
