"""The glossary page: every technical term the report uses, in plain words for a politician.

:data:`GLOSSARY` holds the terms in the order a reader meets them, each a message id of the
gettext catalogues (English; Swedish in the catalogue); :func:`glossary` translates them for
the page. The definitions follow the report's own calculations (``socinvest.analysis``):
present value with the money discount rate, the perspectives of
:mod:`socinvest.analysis.summary`, payback as the first year from which the cumulative
discounted net stays at or above zero, the probability of a gain over the draws of the
probabilistic analysis, EVPI and CEAC as in Briggs, Claxton and Sculpher (2006), *Decision
Modelling for Health Economic Evaluation*, Oxford University Press.
"""

from __future__ import annotations

from socinvest.i18n import N_, translator

GLOSSARY: tuple[tuple[str, str], ...] = (
    (
        N_("Present value"),
        N_(
            "What a future amount is worth today. A krona next year is worth a little less than "
            "a krona now, so later amounts are reduced by the discount rate, more the further "
            "away they are. The report's present values are in the price year's money, "
            "discounted to the first year."
        ),
    ),
    (
        N_("Undiscounted"),
        N_(
            "Amounts simply added up over the years, without reducing later years: what the "
            "budgets will actually see in the price year's money."
        ),
    ),
    (
        N_("Discount rate"),
        N_(
            "The yearly rate by which future amounts are reduced to their present value. The "
            "report states the rate used and its source."
        ),
    ),
    (
        N_("Net present value (NPV)"),
        N_(
            "The present value of the benefits minus the present value of the costs. Above "
            "zero: the intervention gives back more than it costs, for the payer or "
            "perspective named."
        ),
    ),
    (
        N_("Benefit-cost ratio"),
        N_(
            "The present value of the benefits divided by that of the costs. 2 means that "
            "every krona spent brings back two; below 1, less than was spent."
        ),
    ),
    (
        N_("Payback period"),
        N_(
            "How long until the benefits, in present value, have covered the costs for good: "
            "the first year from which the running total of the net stays at or above zero."
        ),
    ),
    (
        N_("Probability of a gain"),
        N_(
            "The calculation is repeated many times, each time with the uncertain figures "
            "(effects, costs, the children's life courses) drawn from their ranges. The "
            "probability of a gain is the share of these runs in which the net present value "
            "is above zero. It only covers the uncertainty the report lists as varied."
        ),
    ),
    (
        N_("Socio-economic perspective"),
        N_(
            "Society as a whole: the real resources used or saved (care, school, prison) and "
            "the value of work. Money that only moves from one to another, such as benefits, "
            "cancels out."
        ),
    ),
    (
        N_("Public finances perspective"),
        N_(
            "All public payers together (municipality, region, state): their costs, the "
            "benefits they pay out and the taxes they receive."
        ),
    ),
    (
        N_("Transfers"),
        N_(
            "Money paid from one to another without using resources, for example income "
            "support or sickness compensation: a cost to the payer and income to the "
            "recipient, so zero for society as a whole."
        ),
    ),
    (
        N_("Term of office"),
        N_(
            "The four budget years of a council elected in a Swedish general election; the "
            "report shows the result within the term beside the long run."
        ),
    ),
    (
        N_("Price year"),
        N_(
            "All amounts are in the money of one year, so that amounts from different years "
            "can be compared; older figures are raised by a price or wage index."
        ),
    ),
    (
        N_("Illustrative"),
        N_(
            "A figure that is a reasoned assumption rather than measured for this use; the "
            "result depends on it and should be checked against local follow-up."
        ),
    ),
    (
        N_("Tornado diagram"),
        N_(
            "A chart that moves one uncertain figure at a time to its low and its high value "
            "and shows how much the net present value changes; the longest bars are the "
            "figures that matter most."
        ),
    ),
    (
        N_("Break-even"),
        N_(
            "The value of a figure (for example the size of the effect or the cost) at which "
            "the net present value is exactly zero: above or below it, the decision would turn."
        ),
    ),
    (
        N_("EVPI (expected value of perfect information)"),
        N_(
            "What it would be worth, at most, to remove all uncertainty before deciding: how "
            "much better the decision could be on average if we knew the true figures. A small "
            "value means that more research would hardly change the decision."
        ),
    ),
    (
        N_("CEAC (cost-effectiveness acceptability curve)"),
        N_(
            "A curve of the probability that each alternative is the best choice, for each "
            "value one is willing to pay for an outcome such as a year of exclusion avoided."
        ),
    ),
    (
        N_("Typfall (archetype)"),
        N_(
            "A typical life course with its costs year by year, such as a young person who "
            "drops out of school and never gets a steady job (Nilsson and Wadeskog's method); "
            "it shows what is at stake for one person."
        ),
    ),
    (
        N_("Half-cycle correction"),
        N_(
            "The model moves the children between states once a year; counting each move as "
            "if it happened in the middle of the year, rather than at its start or end, gives "
            "fairer yearly totals."
        ),
    ),
    (
        N_("Participants and those offered"),
        N_(
            "Those offered are the children or families the intervention is offered to; the "
            "participants are those who take part. In a universal offer fewer take part than "
            "are offered, and the figures per participant are per participating family."
        ),
    ),
    (
        N_("Between committees"),
        N_(
            "One committee (for example the school) may pay while another (for example social "
            "services) gains. The report shows each committee's net and a transfer between "
            "them that would leave every committee at zero or better."
        ),
    ),
)
"""The glossary's terms and their explanations (message ids)."""


def glossary(lang: str) -> list[dict[str, str]]:
    """The glossary in ``lang``: ``{"term": ..., "text": ...}`` in order."""
    _ = translator(lang)
    return [{"term": _(term), "text": _(text)} for term, text in GLOSSARY]
