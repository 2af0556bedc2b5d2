"""Swedish for the Swedish tax rules and income equalisation (issue 10, item 1)."""

SV = {
    "expected either production_split (fixed shares) or tax_rules (the Swedish rules), found "
    "both": (
        "förväntade antingen production_split (fasta andelar) eller tax_rules (de svenska "
        "reglerna), fann båda"
    ),
    "expected a whole number of years from 0 to {most}, found {value}": (
        "förväntade ett helt antal år från 0 till {most}, fann {value}"
    ),
}
