"""Swedish for the consistency pass of issue 10 (the child-cost command's help text with the
price year of the 3.5 MSEK figure)."""

SV = {
    "The public investment in one child from pregnancy to the end of upper secondary school "
    "(the literature's 'about 3.5 MSEK' is in 2012 prices, about 4.6 MSEK in 2024 prices): "
    "each component with its payer and source, the total and the totals by payer, "
    "undiscounted.": (
        "Det offentligas investering i ett barn från graviditeten till slutet av gymnasieskolan "
        "(litteraturens 'omkring 3,5 miljoner kronor' är i 2012 års priser, omkring 4,6 miljoner "
        "kronor i 2024 års priser): varje del med aktör och källa, summan och summorna per "
        "aktör, odiskonterat."
    ),
}
