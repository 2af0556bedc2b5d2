"""Rich rendering of results for the terminal, in Swedish or English."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from socinvest.analysis.cohort_view import HELP_COUNTS, LULEA_SPLIT, CohortView
from socinvest.analysis.cost_effectiveness import cost_effectiveness
from socinvest.analysis.council_terms import scenario_terms
from socinvest.analysis.results import ScenarioResults
from socinvest.analysis.summary import InvestmentMetrics
from socinvest.cli.render_cost_effectiveness import render_cost_effectiveness
from socinvest.i18n import translator
from socinvest.params.library import ResolvedParameter
from socinvest.params.model import GRADE_RANK
from socinvest.params.payers import default_payer_tree
from socinvest.reports.discount_text import discount_text
from socinvest.reports.formatting import money, number, percent
from socinvest.reports.labels import (
    CASH_ONLY_TEXT,
    LEVEL_TEXT,
    MCPF_SCOPE,
    MCPF_TEXT,
    PERSPECTIVE_TEXT,
    STATUS_TEXT,
    TIMING_TEXT,
    target_group_text,
)
from socinvest.reports.sources import grade_text, value_text
from socinvest.reports.uncertainty_text import varied_sentence
from socinvest.scenario.model import numeric, text_in


def _bcr(m: InvestmentMetrics, lang: str) -> str:
    if m.bcr is None:
        return "–"
    text = number(m.bcr, lang, 2)
    return f"{text}*" if m.bcr_flag == "small_costs" else text


def _payback(m: InvestmentMetrics, lang: str) -> str:
    _ = translator(lang)
    if m.bcr_flag == "no_costs":
        return "–"  # nothing was invested, so nothing is paid back
    return str(m.payback_year) if m.payback_year is not None else _("not within horizon")


def render_results(
    results: ScenarioResults, lang: str, console: Console, cash_only: bool = False
) -> None:
    """Print a summary of ``results``: headline, per-payer table, outcomes.

    With ``cash_only`` the per-payer table is the budget view of cash alone (cost lines
    marked ``frees: capacity`` left out); otherwise, when some cost line is capacity, a
    column gives the NPV's cash part beside the total."""
    _ = translator(lang)
    scenario = results.scenario
    settings = scenario.analysis
    compiled = results.compiled
    tree = compiled.payers
    intake = compiled.intake
    tg = scenario.target_group
    group = target_group_text(tg, intake, lang)
    years = results.run.years
    facts = [
        _("Target group: {group} ({level})").format(group=group, level=_(LEVEL_TEXT[tg.level])),
        _("Period: {first}–{last}").format(first=years[0], last=years[-1]),
        _("Price year: {year}").format(year=settings.price_year),
        _("Timing: {timing}").format(timing=_(TIMING_TEXT[settings.timing])),
    ]
    header = [
        Text(text_in(scenario.title, lang), style="bold"),
        Text(" · ".join(facts)),
        Text(
            _("Discount rate: {rate}").format(
                rate=discount_text(results.discount, numeric(settings.discount_rate), lang)
            )
        ),
    ]
    outcome_rate = numeric(settings.outcome_discount_rate)
    if outcome_rate != numeric(settings.discount_rate):
        header.append(
            Text(
                _("Outcome discount rate (person-years): {rate}").format(
                    rate=discount_text(results.outcome_discount, outcome_rate, lang)
                )
            )
        )
    current, following = scenario_terms(results)
    header.append(
        Text(
            _(
                "Council terms: {current} (elected {current_election}), {next} (elected "
                "{next_election}); the analysis starts in {start}."
            ).format(
                current=f"{current.first}–{current.last}",
                current_election=current.election_year,
                next=f"{following.first}–{following.last}",
                next_election=following.election_year,
                start=years[0],
            )
        )
    )
    illustrative = [
        text_in(i.label, lang, i.id)
        for i in scenario.interventions
        if i.evidence is not None and i.evidence.illustrative
    ]
    if illustrative:
        header.append(
            Text(
                _(
                    "Note: the effect sizes of {names} are illustrative: not measured for "
                    "this use in a study (see the description)."
                ).format(names=", ".join(illustrative)),
                style="yellow",
            )
        )
    console.print(Panel(Group(*header), expand=False))

    labels = {a.id: escape(text_in(a.label, lang, a.id)) for a in scenario.alternatives}
    comparison = next(a.id for a in scenario.alternatives if a.comparison)
    term = settings.term_of_office
    show_cash = compiled.has_capacity and not cash_only
    for comp in results.comparisons:
        caption = _(
            "Present values in {year} prices, discounted to {start}. Benefits are avoided "
            "costs and gained taxes and income. B/C = benefits / costs; * costs are small, "
            "the ratio is unstable; – no costs."
        ).format(year=settings.price_year, start=years[0])
        title = _("{alternative} compared with {comparison}").format(
            alternative=labels[comp.alternative], comparison=labels[comparison]
        )
        if cash_only:
            caption += " " + _(CASH_ONLY_TEXT)
            title += " · " + _("cash only")
        elif show_cash:
            caption += " " + _(
                "Of which cash: the NPV without the cost lines marked 'frees: capacity' "
                "(staff time in teams that remain)."
            )
        table = Table(title=title, title_justify="left", caption=caption, caption_justify="left")
        table.add_column(_("Payer"))
        for heading in (_("Costs (PV)"), _("Benefits (PV)"), _("NPV"), _("B/C")):
            table.add_column(heading, justify="right")
        table.add_column(_("Paid back"), justify="right")
        table.add_column(_("NPV, first {n} years").format(n=term), justify="right")
        if show_cash:
            table.add_column(_("NPV, of which cash"), justify="right")
        horizon = comp.cash if cash_only else comp.horizon
        term_metrics = comp.cash_term_of_office if cash_only else comp.term_of_office

        cash_npv = {scope: [money(m.npv, lang)] for scope, m in comp.cash.items()}
        no_cash: list[str] = []
        for payer in tree.payers:
            m = horizon[payer.id]
            if payer.parent_id is not None and m.pv_costs == 0.0 and m.pv_benefits == 0.0:
                continue
            depth = payer.id.count(".")
            name = ("  " * depth) + escape(payer.label(lang))
            style = "bold" if depth == 0 else None
            cells = _row(name, m, term_metrics[payer.id], lang) + (
                cash_npv[payer.id] if show_cash else no_cash
            )
            table.add_row(*cells, style=style)
        table.add_section()
        for scope, scope_title in PERSPECTIVE_TEXT.items():
            if cash_only and scope != "public_finances":
                continue
            cells = _row(_(scope_title), horizon[scope], term_metrics[scope], lang)
            if show_cash:
                cells += cash_npv.get(scope, [""])
            table.add_row(*cells, style="bold" if scope == "socio_economic" else None)
        if MCPF_SCOPE in comp.horizon and not cash_only:
            mcpf_title = _(MCPF_TEXT) + f" ({number(settings.mcpf, lang, 2)})"
            cells = _row(
                mcpf_title, comp.horizon[MCPF_SCOPE], comp.term_of_office[MCPF_SCOPE], lang
            )
            table.add_row(*cells, *([""] if show_cash else []))
        console.print(table)
        total = comp.horizon["socio_economic"]
        irr_text = percent(total.irr, lang) if total.irr is not None else _("does not exist")
        if not cash_only:  # a socio-economic figure: not part of the cash view
            console.print(_("Internal rate of return (socio-economic): {irr}").format(irr=irr_text))
        if results.psa is not None:
            _render_psa(results, comp.alternative, labels[comp.alternative], lang, console)

        outcomes = Table(
            title=_("What it means for the children (difference from {comparison})").format(
                comparison=labels[comparison]
            ),
            title_justify="left",
        )
        outcomes.add_column(_("State"))
        outcomes.add_column(_("Person-years"), justify="right")
        outcomes.add_column(_("Person-years (discounted)"), justify="right")
        outcomes.add_column(_("Entries"), justify="right")
        state_labels = {s.id: escape(text_in(s.label, lang, s.id)) for s in scenario.model.states}
        for state in compiled.states:
            outcomes.add_row(
                state_labels[state],
                _signed(comp.person_years_diff_undiscounted[state], lang),
                _signed(comp.person_years_diff[state], lang),
                _signed(comp.entries_diff[state], lang),
            )
        console.print(outcomes)
    ce = cost_effectiveness(results)
    if ce is not None:
        render_cost_effectiveness(ce, scenario, lang, console)
    console.print(
        Text(
            _("Scenario hash {hash} · socinvest {version}").format(
                hash=results.scenario_hash[:12], version=_version()
            ),
            style="dim",
        )
    )


def _render_psa(
    results: ScenarioResults, alternative: str, label: str, lang: str, console: Console
) -> None:
    """The probabilistic analysis of one alternative: NPV distribution per top-level payer
    and perspective."""
    _ = translator(lang)
    psa = results.psa
    assert psa is not None
    alt = psa.for_alternative(alternative)
    table = Table(
        title=_("{alternative}: uncertainty ({draws} draws, seed {seed})").format(
            alternative=label, draws=number(psa.draws, lang), seed=psa.seed
        ),
        title_justify="left",
        caption=_(
            "NPV to the horizon over the draws of the uncertain parameters; SD: the standard "
            "deviation; the 95% interval runs from the 2.5th to the 97.5th percentile."
        ),
        caption_justify="left",
    )
    table.add_column(_("Payer"))
    table.add_column(_("Mean NPV"), justify="right")
    table.add_column(_("SD"), justify="right")
    table.add_column(_("95% interval"), justify="right")
    table.add_column(_("P(NPV > 0)"), justify="right")
    rows = [
        (p.id, escape(p.label(lang))) for p in results.compiled.payers.payers if p.parent_id is None
    ]
    rows += [(scope, _(title)) for scope, title in PERSPECTIVE_TEXT.items()]
    for scope, name in rows:
        m = alt.horizon[scope]
        table.add_row(
            name,
            money(m.mean, lang),
            money(m.sd, lang),
            f"{money(m.p2_5, lang)} – {money(m.p97_5, lang)}",
            percent(m.p_positive, lang),
            style="bold" if scope == "socio_economic" else None,
        )
    console.print(table)
    if psa.inventory is not None:
        console.print(escape(varied_sentence(psa.inventory, psa.draws, lang)))


def _signed(value: float, lang: str) -> str:
    rounded = round(value, 1)
    text = number(rounded, lang, 1)
    return f"+{text}" if rounded > 0 else text


def _row(name: str, m: InvestmentMetrics, term: InvestmentMetrics, lang: str) -> list[str]:
    return [
        name,
        money(m.pv_costs, lang),
        money(m.pv_benefits, lang),
        money(m.npv, lang),
        _bcr(m, lang),
        _payback(m, lang),
        money(term.npv, lang),
    ]


def _version() -> str:
    from socinvest import __version__

    return __version__


def render_parameters(parameters: Iterable[ResolvedParameter], lang: str, console: Console) -> None:
    """A table of parameters: id, label, value (with rebasing or 'by statute'), status, the
    source grade (the best of its sources) and the first source."""
    _ = translator(lang)
    table = Table(title_justify="left")
    table.add_column(_("Parameter"))
    table.add_column(_("Value"))
    table.add_column(_("Status"))
    table.add_column(_("Grade"))
    table.add_column(_("Source"))
    for p in parameters:
        label = p.label.sv if lang == "sv" else p.label.en
        # the best-graded source first (the order of the file among equals)
        first = min(p.sources, key=lambda s: GRADE_RANK.get(s.grade or "", len(GRADE_RANK)))
        source = ", ".join(
            str(x) for x in (first.publisher or first.title, first.year) if x is not None
        )
        table.add_row(
            f"[bold]{escape(p.id)}[/]\n{escape(label)}",
            escape(value_text(p, lang)),
            _(STATUS_TEXT[p.status]),
            grade_text(p.grade, lang),
            escape(source + (f" (+{len(p.sources) - 1})" if len(p.sources) > 1 else "")),
        )
    console.print(table)


def render_sources(
    parameters: Iterable[ResolvedParameter], parameter_hash: str, lang: str, console: Console
) -> None:
    """Every parameter a run used with all its sources, then the parameter hash."""
    _ = translator(lang)
    items = list(parameters)
    if not items:
        console.print(_("The scenario uses no parameters from the library."))
    render_parameters(items, lang, console)
    for p in items:
        console.print(Text(p.id, style="bold"))
        if p.derivation:
            console.print(Text("  " + _("Derivation: {text}").format(text=p.derivation)))
        for s in p.sources:
            parts = [s.title, s.publisher, str(s.year) if s.year else None, s.link, s.note]
            grade = grade_text(s.grade, lang)
            console.print(Text(f"  – [{grade}] " + " · ".join(x for x in parts if x)))
    console.print(Text(_("Parameter hash {hash}").format(hash=parameter_hash), style="dim"))


def render_cohort(view: CohortView, lang: str, console: Console) -> None:
    """The cohort view: how many, what it costs each payer, what helping is worth."""
    _ = translator(lang)
    education_labels = {
        "forgymnasial": _("no upper-secondary diploma"),
        "gymnasial": _("upper secondary"),
        "eftergymnasial": _("post-secondary"),
    }
    heading = _(
        "Of {size} children aged {age}, about {n} are expected to be in long-term exclusion "
        "at {at} ({share})."
    ).format(
        size=number(view.size, lang),
        age=view.start_age,
        n=number(view.expected_in_exclusion, lang, 1),
        at=view.exclusion_age,
        share=percent(view.share_in_exclusion, lang),
    )
    console.print(Panel(Text(heading, style="bold"), expand=False))
    table = Table(
        title=_("What their exclusion costs until age {age}").format(age=view.horizon_age),
        title_justify="left",
        caption=_(
            "{year} prices. Present value at age {start}, discounted at {rate}. Production "
            "loss: the work they do not do."
        ).format(
            year=view.price_year, start=view.start_age, rate=percent(view.discount_rate, lang)
        ),
        caption_justify="left",
    )
    table.add_column(_("Payer"))
    table.add_column(_("Undiscounted"), justify="right")
    table.add_column(_("Present value"), justify="right")
    tree = default_payer_tree()
    for payer in tree.payers:
        amount = view.cost_by_payer.get(payer.id, 0.0)
        if payer.id == "individ" or (payer.parent_id is not None and amount == 0.0):
            continue
        depth = payer.id.count(".")
        table.add_row(
            ("  " * depth) + escape(payer.label(lang)),
            money(amount, lang),
            money(view.pv_cost_by_payer.get(payer.id, 0.0), lang),
            style="bold" if depth == 0 else None,
        )
    table.add_section()
    table.add_row(
        _("Welfare costs (transfers included)"),
        money(view.welfare_cost, lang),
        money(view.pv_welfare_cost, lang),
    )
    table.add_row(
        "  " + _("of which transfers"),
        money(view.transfers, lang),
        money(view.pv_transfers, lang),
    )
    table.add_row(
        _("Production loss"),
        money(view.production_loss, lang),
        money(view.pv_production_loss, lang),
    )
    table.add_section()
    table.add_row(
        _("Welfare costs plus production loss (as Nilsson and Wadeskog count)"),
        money(view.total, lang),
        money(view.pv_total, lang),
        style="bold",
    )
    table.add_row(
        _("Socio-economic cost (real resources plus production loss; transfers net out)"),
        money(view.socio_economic, lang),
        money(view.pv_socio_economic, lang),
        style="bold",
    )
    console.print(table)
    level = view.education_of_state.get("excluded")
    if level is not None:
        value = view.value_of_work[level]
        console.print(
            Text(
                _(
                    "Production loss per person-year in exclusion: what the same person would "
                    "produce at their education level ({level}): {rate} employment x {value} "
                    "for a year in work (wage x hours + employer's contributions)."
                ).format(
                    level=education_labels.get(level, level),
                    rate=percent(value.employment_rate or 0.0, lang),
                    value=money(value.value, lang),
                ),
                style="dim",
            )
        )
    split = Table(
        title=_("Split of the welfare costs by payer, compared with Luleå's cohort"),
        title_justify="left",
    )
    source = view.source_split
    if source is not None:
        split.caption = _(
            "This cohort: the welfare costs as socinvest books them (transfers on the payer, "
            "no taxes). Source convention: the same plus the municipal and regional income tax "
            "the lost earnings would have paid, at the own tax rates and before income "
            "equalisation, as the Skandia cohort tool most plausibly books it (not verified)."
        )
        split.caption_justify = "left"
    split.add_column(_("Payer"))
    split.add_column(_("This cohort"), justify="right")
    if source is not None:
        split.add_column(_("Source convention"), justify="right")
    split.add_column(_("Luleå"), justify="right")
    names = {
        "kommun": _("Municipality"),
        "forsakringskassan": _("Swedish Social Insurance Agency"),
        "region": _("Region"),
        "rattsvasende": _("Justice system"),
        "arbetsformedlingen": _("Public Employment Service"),
        "ovriga": _("Others"),
    }
    for group, target in LULEA_SPLIT.items():
        cells = [percent(view.split[group], lang)]
        if source is not None:
            cells.append(percent(source[group], lang))
        split.add_row(names[group], *cells, percent(target, lang))
    console.print(split)
    helping = Table(
        title=_(
            "What it is worth to help (one person kept out of exclusion from 20 to 64: "
            "{total} undiscounted)"
        ).format(total=money(view.typfall.total, lang)),
        title_justify="left",
    )
    helping.add_column(_("Persons helped"), justify="right")
    helping.add_column(_("Undiscounted"), justify="right")
    helping.add_column(_("Present value"), justify="right")
    for n in HELP_COUNTS:
        undiscounted, present = view.value_of_helping(n)
        helping.add_row(str(n), money(undiscounted, lang), money(present, lang))
    console.print(helping)
