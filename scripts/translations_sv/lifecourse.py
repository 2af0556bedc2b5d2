"""Swedish for the discount-rate bar of the tornado (``socinvest analyse tornado``, the
report's tornado)."""

SV = {
    "Base NPV {npv} (dashed line). Each parameter at its low and high value (declared bounds, "
    "else the 5th and 95th percentiles), and the money discount rate at a low and a high rate "
    "(a setting, not drawn), the others at their values; sorted by swing.": (
        "Basnettonuvärde {npv} (streckad linje). Varje parameter på sitt låga och höga värde "
        "(angivna gränser, annars 5:e och 95:e percentilen), och diskonteringsräntan för pengar "
        "på en låg och en hög ränta (en inställning, inte dragen), de övriga på sina värden; "
        "sorterat efter utslag."
    ),
    "Base NPV {npv} ({year} prices). Each parameter at its low and high value (declared bounds, "
    "else the 5th and 95th percentiles), and the money discount rate at a low and a high rate "
    "(a setting, not drawn), the others at their values; sorted by swing.": (
        "Bas-NNV {npv} ({year} års priser). Varje parameter på sitt låga och höga värde "
        "(angivna gränser, annars 5:e och 95:e percentilen), och diskonteringsräntan för pengar "
        "på en låg och en hög ränta (en inställning, inte dragen), de övriga på sina värden; "
        "sorterat efter utslag."
    ),
    "Discount rate {low}–{high}": "Diskonteringsränta {low}–{high}",
    "High money discount rate of the discount-rate bar, as a fraction (default 0.05).": (
        "Hög diskonteringsränta för pengar i diskonteringsräntans stapel, som andel "
        "(standard 0.05)."
    ),
    "Low money discount rate of the discount-rate bar, as a fraction (default 0; TLV's "
    "sensitivity range is 0 to 0.05).": (
        "Låg diskonteringsränta för pengar i diskonteringsräntans stapel, som andel "
        "(standard 0; TLV:s intervall för känslighetsanalys är 0 till 0.05)."
    ),
    "One-way sensitivity (tornado): each uncertain parameter, and the discount rate, at its "
    "low and high value, the effect on NPV, sorted by swing.": (
        "Envägs känslighetsanalys (tornado): varje osäker parameter, och diskonteringsräntan, "
        "på sitt låga och höga värde, effekten på nettonuvärdet, sorterat efter utslag."
    ),
}
