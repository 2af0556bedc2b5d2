"""Swedish for what the Playwright walk of the web application brought (issue 15)."""

SV = {
    "The follow-up plan: periods {periods}, indicators {indicators}; observed figures "
    "recorded: {count}.": "Uppföljningsplanen: perioder {periods}, indikatorer "
    "{indicators}; registrerade utfall: {count}.",
    "Other pages you opened are still being calculated; reload this one in a moment.":
    "Andra sidor du öppnat beräknas fortfarande; ladda om den här om en stund.",
    "The draws of the decided forecast (the follow-up compares its re-forecast with it; "
    "more draws, slower follow-up reports).": "Dragningarna i den beslutade prognosen "
    "(uppföljningen jämför sin nya prognos med den; fler dragningar ger långsammare "
    "uppföljningsrapporter).",
}
