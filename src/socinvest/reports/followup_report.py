"""The follow-up report of a decided investment for the committee (issue 13): HTML, PDF and
Excel, in Swedish and English.

It shows a :class:`~socinvest.analysis.followup_types.FollowUpResult`, page 1 first: one
sentence on whether the case still holds for the decision maker (the result's ``scope``, e.g.
the kommun), the decided net present value and probability of a gain against the re-forecast;
then plan against actual per period (participants reached, cost per payer, indicators) with
the flagged deviations marked in words and a symbol, not by colour alone (WCAG 1.4.1), and a
chart of planned against actual; the effects updated by Bayes' rule (the study's prior, the
local estimate, the posterior, as ratios with 95% intervals, in words); the decided and the
updated forecast per payer and perspective (table and chart); what the next evaluation is
worth (EVSI: table, curve and a plain sentence); the audit trail; and a glossary with the
methods and their sources.

The page is the case report's (:mod:`socinvest.reports.html_report`): its stylesheet
(``templates/report_style.css``), the vendored Vega scripts with the charts inline for the
screen, SVG drawn by vl-convert in the print font for the PDF (WeasyPrint), and its number
formats (:mod:`socinvest.reports.formatting`). The workbook is
:mod:`socinvest.reports.followup_workbook`. Files are written atomically
(:func:`socinvest.atomic_files.atomic_path`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from markupsafe import Markup

from socinvest.analysis.errors import OptionError
from socinvest.analysis.followup_types import (
    Deviation,
    EvsiResult,
    FollowUpPlan,
    FollowUpResult,
    ForecastSummary,
)
from socinvest.atomic_files import atomic_path
from socinvest.i18n import N_, translator
from socinvest.params.errors import Message
from socinvest.reports import followup_charts
from socinvest.reports.charts import MILLION, Chart
from socinvest.reports.followup_text import (
    SCALE_TEXT,
    STATUS_TEXT,
    Names,
    action_text,
    change_summary,
    difference,
    entity_text,
    item_value,
    ratio_text,
    relative,
    signed,
    update_sentence,
)
from socinvest.reports.formatting import money, number, percent, rounded_money
from socinvest.reports.html_report import (
    _environment,
    _json_script,
    _scrolling_tables,
    chart_svg,
    format_locale,
    screen_spec,
    vendored_javascript,
)
from socinvest.reports.labels import sentence_start
from socinvest.reports.writer import report_format

ReportFormat = Literal["html", "pdf", "xlsx"]

FLAG = followup_charts.FLAG_MARK
STRATEGY_LINKS: tuple[tuple[str, str], ...] = (
    (
        "Strong M, Oakley JE, Brennan A, Breeze P (2015). Estimating the expected value of "
        "sample information using the probabilistic sensitivity analysis sample: a fast, "
        "nonparametric regression-based method. Medical Decision Making 35(5):570–583.",
        "https://doi.org/10.1177/0272989X15575286",
    ),
    (
        "Spiegelhalter DJ, Abrams KR, Myles JP (2004). Bayesian Approaches to Clinical Trials "
        "and Health-Care Evaluation. Wiley.",
        "https://doi.org/10.1002/0470092602",
    ),
    (
        "Gelman A, Carlin JB, Stern HS, Dunson DB, Vehtari A, Rubin DB (2013). Bayesian Data "
        "Analysis, 3rd ed., ch. 2 (the beta-binomial model). CRC Press.",
        "https://doi.org/10.1201/b16018",
    ),
)
"""The methods' sources (cited as published, in English), each with its DOI."""

GLOSSARY: tuple[tuple[str, str], ...] = (
    (
        N_("Plan against actual"),
        N_(
            "What the decision planned for each period (children reached, cost per payer, "
            "the indicators) beside what was recorded. The deviation is the actual minus the "
            "planned value; the relative deviation divides it by the planned value."
        ),
    ),
    (
        N_("Flagged deviation"),
        N_(
            "A deviation larger than the plan's tolerance in the unfavourable direction "
            "(fewer children reached, a higher cost, an indicator moving the wrong way), or a "
            "figure that was planned but not recorded. Marked {flag} in the tables and charts."
        ),
    ),
    (
        N_("Odds ratio and relative risk"),
        N_(
            "How much more or less common an outcome is with the intervention than without "
            "it. 1 means no difference; 0.80 means a fifth less common. A 95% interval gives "
            "the range within which the true ratio lies with 95% probability."
        ),
    ),
    (
        N_("Prior, local estimate and posterior"),
        N_(
            "The prior is the effect the decision was based on, from the study, with its "
            "uncertainty. The local estimate comes from the children followed here. The "
            "posterior combines the two by Bayes' rule: the more local children, the more "
            "weight the local estimate gets."
        ),
    ),
    (
        N_("Updated forecast"),
        N_(
            "The scenario run again with the updated effects: the net present value and the "
            "probability of a gain as they look now, beside those of the decision."
        ),
    ),
    (
        N_("EVSI (expected value of sample information)"),
        N_(
            "What following more children for more years is expected to be worth: how much "
            "better the decision can be made on average once their results are known. It is "
            "never more than the EVPI, the value of knowing everything."
        ),
    ),
    (
        N_("Expected net benefit of sampling"),
        N_(
            "The EVSI for everyone affected minus what the evaluation costs. The size of the "
            "evaluation at which it is largest is the one most worth doing; when it is below "
            "zero at every size, further evaluation does not pay for itself."
        ),
    ),
    (
        N_("Audit trail"),
        N_(
            "Every change to the investment's data in the database: who made it, when, what "
            "changed, and the values before and after."
        ),
    ),
)
"""The terms of this report, in the order a reader meets them (message ids)."""


def _forecast(summaries: Sequence[ForecastSummary], scope: str) -> ForecastSummary | None:
    return next((s for s in summaries if s.scope == scope), None)


def _interval(s: ForecastSummary, lang: str) -> str:
    return f"{rounded_money(s.npv_p2_5, lang)} – {rounded_money(s.npv_p97_5, lang)}"


def headline(result: FollowUpResult, names: Names) -> dict[str, Any]:
    """Page 1's sentence and cards: whether the case holds for the decision maker."""
    lang = names.lang
    _ = translator(lang)
    decided = _forecast(result.decided, result.scope)
    updated = _forecast(result.updated, result.scope)
    payer = names.scope_in_text(result.scope)
    if decided is None or updated is None:
        missing = _("There is no forecast for {payer} in this follow-up.").format(payer=payer)
        return {"sentence": sentence_start(missing), "cards": [], "holds": result.case_holds}
    template = (
        _(
            "The case still holds for {payer}: the updated forecast of the net present value "
            "is {updated} with a probability of a gain of {p_updated}, against {decided} and "
            "{p_decided} when it was decided."
        )
        if result.case_holds
        else _(
            "The case no longer holds for {payer}: the updated forecast of the net present "
            "value is {updated} with a probability of a gain of {p_updated}, against {decided} "
            "and {p_decided} when it was decided."
        )
    )
    sentence = template.format(
        payer=payer,
        updated=rounded_money(updated.npv_mean, lang),
        p_updated=percent(updated.p_gain, lang, 0),
        decided=rounded_money(decided.npv_mean, lang),
        p_decided=percent(decided.p_gain, lang, 0),
    )
    flagged = [d for d in result.deviations if d.flagged]
    label = payer
    cards = [
        {
            "label": _("Net present value for {payer}, decided").format(payer=label),
            "value": rounded_money(decided.npv_mean, lang),
            "figure": "decided_npv",
            "exact": decided.npv_mean,
            "detail": _("95% interval {interval}").format(interval=_interval(decided, lang)),
            "gain": decided.npv_mean >= 0,
        },
        {
            "label": _("Net present value for {payer}, updated").format(payer=label),
            "value": rounded_money(updated.npv_mean, lang),
            "figure": "updated_npv",
            "exact": updated.npv_mean,
            "detail": _("95% interval {interval}").format(interval=_interval(updated, lang)),
            "gain": updated.npv_mean >= 0,
        },
        {
            "label": _("Probability of a gain for {payer}").format(payer=label),
            "value": f"{percent(decided.p_gain, lang, 0)} → {percent(updated.p_gain, lang, 0)}",
            "figure": "p_gain",
            "exact": updated.p_gain,
            "detail": _("decided → updated"),
            "gain": None,
        },
        {
            "label": _("Flagged deviations"),
            "value": _("{flagged} of {all}").format(
                flagged=number(len(flagged), lang), all=number(len(result.deviations), lang)
            ),
            "figure": "flagged",
            "exact": len(flagged),
            "detail": _("beyond the plan's tolerance, or not recorded"),
            "gain": None,
        },
    ]
    return {"sentence": sentence, "cards": cards, "holds": result.case_holds}


def _status(d: Deviation, lang: str) -> str:
    _ = translator(lang)
    if not d.flagged:
        return _(STATUS_TEXT["ok"])
    return f"{FLAG} " + _(STATUS_TEXT["missing" if d.actual is None else "deviation"])


def plan_rows(result: FollowUpResult, names: Names) -> list[dict[str, Any]]:
    """One row per deviation: period, item, planned, actual, difference, relative, status."""
    lang = names.lang
    order = {"reach": 0, "cost": 1, "indicator": 2}
    rows = sorted(
        result.deviations, key=lambda d: (d.period, order.get(d.item.partition(":")[0], 3))
    )
    return [
        {
            "period": d.period,
            "item": names.item(d.item),
            "item_id": d.item,
            "planned": item_value(names, d, d.planned),
            "actual": item_value(names, d, d.actual),
            "n": number(d.n, lang) if d.n is not None else "",
            "difference": difference(names, d),
            "relative": relative(d, lang),
            "flagged": d.flagged,
            "status": _status(d, lang),
        }
        for d in rows
    ]


def _money_scale(values: Sequence[float], lang: str) -> tuple[float, str]:
    """Divisor and axis unit for amounts in a chart: millions from a million, else thousands."""
    _ = translator(lang)
    if max((abs(v) for v in values), default=0.0) >= MILLION:
        return MILLION, _("million kronor")
    return 1000.0, _("thousand kronor")


def plan_charts(result: FollowUpResult, names: Names, add: Any) -> list[dict[str, Any]]:
    """Planned against actual per period: participants reached, and the cost of all payers."""
    lang = names.lang
    _ = translator(lang)
    planned_text, actual_text = _("Planned"), _("Actual")
    legend = _("Filled bars: actual; pale bars: planned; {flag}: flagged.").format(flag=FLAG)
    out: list[dict[str, Any]] = []
    periods = sorted({d.period for d in result.deviations})

    def rows_of(values: dict[str, tuple[float, float | None, bool]], scale: float, fmt: Any) -> Any:
        rows = []
        for period in periods:
            if period not in values:
                continue
            planned, actual, flagged = values[period]
            rows.append(
                {
                    "period": period,
                    "series": planned_text,
                    "kind": "planned",
                    "value": planned / scale,
                    "text": fmt(planned),
                    "flag": "",
                }
            )
            if actual is not None:
                rows.append(
                    {
                        "period": period,
                        "series": actual_text,
                        "kind": "actual",
                        "value": actual / scale,
                        "text": fmt(actual),
                        "flag": FLAG if flagged else "",
                    }
                )
        return rows

    reach = {
        d.period: (d.planned, d.actual, d.flagged)
        for d in result.deviations
        if d.item == "reach" and d.planned is not None
    }
    if reach:
        spec = followup_charts.planned_vs_actual(
            rows_of(reach, 1.0, lambda v: number(v, lang)),
            y_title=_("Participants"),
            period_title=_("Period"),
            series_title=_("Value"),
        )
        out.append(
            {
                "chart": add(Chart("chart-reach", spec)),
                "title": _("Participants reached, planned and actual"),
                "caption": legend,
            }
        )
    cost: dict[str, tuple[float, float | None, bool]] = {}
    for d in result.deviations:
        if not d.item.startswith("cost:") or d.planned is None:
            continue
        planned, actual, flagged = cost.get(d.period, (0.0, 0.0, False))
        got = None if actual is None or d.actual is None else actual + d.actual
        cost[d.period] = (planned + d.planned, got, flagged or d.flagged)
    if cost:
        scale, unit = _money_scale([v[0] for v in cost.values()], lang)
        spec = followup_charts.planned_vs_actual(
            rows_of(cost, scale, lambda v: money(v, lang)),
            y_title=unit,
            period_title=_("Period"),
            series_title=_("Value"),
        )
        out.append(
            {
                "chart": add(Chart("chart-cost", spec)),
                "title": _("Cost of all payers, planned and actual"),
                "caption": legend
                + " "
                + _("A period with a payer's cost not recorded shows the plan only."),
            }
        )
    return out


def effect_rows(result: FollowUpResult, names: Names) -> list[dict[str, Any]]:
    """The effects updated: prior, local estimate, posterior as ratios, and in words."""
    lang = names.lang
    _ = translator(lang)
    return [
        {
            "indicator": names.indicator(u.indicator),
            "effect": _("{intervention}, effect {number}").format(
                intervention=names.labels.get(u.link.intervention, u.link.intervention),
                number=u.link.index + 1,
            ),
            "scale": _(SCALE_TEXT[u.scale]),
            "prior": ratio_text(u.prior_mean, u.prior_sd, lang),
            "local": ratio_text(u.local_mean, u.local_se, lang),
            "posterior": ratio_text(u.posterior_mean, u.posterior_sd, lang),
            "data": _("{ei}/{ni} against {ec}/{nc}").format(
                ei=number(u.events_intervention, lang),
                ni=number(u.n_intervention, lang),
                ec=number(u.events_comparison, lang),
                nc=number(u.n_comparison, lang),
            )
            if u.n_intervention
            else "–",
            "sentence": update_sentence(names, u),
        }
        for u in result.updates
    ]


def forecast_section(result: FollowUpResult, names: Names, add: Any) -> dict[str, Any]:
    """Decided and updated forecast per payer and perspective: table rows and a chart."""
    lang = names.lang
    _ = translator(lang)
    rows = []
    chart_rows = []
    decided_text, updated_text = _("Decided"), _("Updated")
    for decided in result.decided:
        updated = _forecast(result.updated, decided.scope)
        label = names.scope(decided.scope)
        change = updated.npv_mean - decided.npv_mean if updated is not None else None
        rows.append(
            {
                "scope": label,
                "scope_id": decided.scope,
                "chosen": decided.scope == result.scope,
                "decided": money(decided.npv_mean, lang),
                "decided_interval": _interval(decided, lang),
                "decided_p": percent(decided.p_gain, lang, 0),
                "updated": money(updated.npv_mean, lang) if updated else "–",
                "updated_interval": _interval(updated, lang) if updated else "–",
                "updated_p": percent(updated.p_gain, lang, 0) if updated else "–",
                "change": signed(money(change, lang), change) if change is not None else "–",
            }
        )
        for kind, s in ((decided_text, decided), (updated_text, updated)):
            if s is None:
                continue
            chart_rows.append(
                {
                    "scope": label,
                    "forecast": kind,
                    "mean": s.npv_mean / MILLION,
                    "low": s.npv_p2_5 / MILLION,
                    "high": s.npv_p97_5 / MILLION,
                    "mean_text": money(s.npv_mean, lang),
                    "interval_text": _interval(s, lang),
                }
            )
    spec = followup_charts.forecast_intervals(
        chart_rows,
        x_title=_("Net present value, million kronor"),
        forecast_title=_("Forecast"),
        scope_title=_("Payer or perspective"),
        mean_title=_("Mean"),
        interval_title=_("95% interval"),
    )
    return {"rows": rows, "chart": add(Chart("chart-forecast", spec)) if chart_rows else None}


def evsi_section(evsi: EvsiResult | None, names: Names, add: Any) -> dict[str, Any] | None:
    """What the next evaluation is worth: the table, the curve and a plain sentence."""
    if evsi is None or not evsi.points:
        return None
    lang = names.lang
    _ = translator(lang)
    points = sorted(evsi.points, key=lambda p: (p.n, p.years))
    best = next((p for p in points if p.n == evsi.optimal_n), None)
    if best is not None:
        sentence = _(
            "Following {n} more children for {years} more years is worth {value} for the "
            "{population} persons affected and costs {cost}: an expected net benefit of "
            "{enbs}. No other size tried is worth more."
        ).format(
            n=number(best.n, lang),
            years=number(best.years, lang),
            value=rounded_money(best.evsi_population, lang),
            population=number(evsi.population, lang),
            cost=rounded_money(best.cost, lang),
            enbs=rounded_money(best.enbs, lang),
        )
    else:
        top = max(points, key=lambda p: p.enbs)
        sentence = _(
            "No size of further evaluation tried pays for itself: at best it is worth {value} "
            "and costs {cost}. The decision can rest on what is known now."
        ).format(value=rounded_money(top.evsi_population, lang), cost=rounded_money(top.cost, lang))
    ceiling = _(
        "The ceiling, the value of perfect information, is {per_person} per person and {total} "
        "for the population; computed for {payer} by {method}."
    ).format(
        per_person=money(evsi.evpi_per_person, lang),
        total=rounded_money(evsi.evpi_per_person * evsi.population, lang),
        payer=names.scope_in_text(evsi.scope),
        method=_("regression on the draws (Strong et al. 2015)"),
    )
    rows = [
        {
            "n": number(p.n, lang),
            "years": number(p.years, lang),
            "per_person": money(p.evsi_per_person, lang),
            "population": money(p.evsi_population, lang),
            "cost": money(p.cost, lang),
            "enbs": money(p.enbs, lang),
            "optimal": p is best,
        }
        for p in points
    ]
    scale, unit = _money_scale([p.evsi_population for p in points] + [p.cost for p in points], lang)
    series = (
        (_("EVSI, population"), "evsi_population"),
        (_("Cost"), "cost"),
        (_("Net benefit"), "enbs"),
    )
    chart_rows = [
        {
            "n": p.n,
            "series": title,
            "value": getattr(p, field) / scale,
            "text": money(getattr(p, field), lang),
        }
        for title, field in series
        for p in points
        if p.years == (best or points[0]).years
    ]
    spec = followup_charts.evsi_curve(
        chart_rows,
        optimal=float(best.n) if best is not None else None,
        optimal_label=_("optimal: {n}").format(n=number(best.n, lang)) if best else "",
        x_title=_("Children followed"),
        y_title=unit,
        series_title=_("Value"),
    )
    return {
        "sentence": sentence,
        "ceiling": ceiling,
        "rows": rows,
        "chart": add(Chart("chart-evsi", spec)),
    }


def audit_rows(result: FollowUpResult, lang: str) -> list[dict[str, str]]:
    """The audit trail, oldest first: when (UTC), who, what, the change summarised."""
    return [
        {
            "at": a.at.strftime("%Y-%m-%d %H:%M"),
            "actor": a.actor,
            "what": f"{sentence_start(action_text(a.action, lang))}: "
            f"{entity_text(a.entity, lang)} {a.entity_id}",
            "change": change_summary(a.before, a.after, lang),
        }
        for a in sorted(result.audit, key=lambda a: a.at)
    ]


def followup_html(
    result: FollowUpResult,
    lang: str,
    *,
    labels: Mapping[str, str] | None = None,
    plan: FollowUpPlan | None = None,
    static_charts: bool = False,
) -> str:
    """The follow-up report as one self-contained HTML page.

    Parameters
    ----------
    result : FollowUpResult
        From :func:`socinvest.analysis.followup.follow_up`.
    lang : {"sv", "en"}
        The report's language.
    labels : mapping, optional
        Id -> label in ``lang`` for payers (e.g. a scenario's own committees), interventions
        and indicators; the default payer tree and the perspectives are known without.
    plan : FollowUpPlan, optional
        The plan followed up: its indicators' labels and kinds (a share shown in per cent).
    static_charts : bool
        Charts as inline SVG and no script (for the PDF).
    """
    _ = translator(lang)
    names = Names(lang, dict(labels or {}), plan)
    found: list[Chart] = []

    def add(chart: Chart) -> Chart:
        if static_charts:
            chart = Chart(chart.id, chart.spec, chart_svg(chart.spec, lang))
        found.append(chart)
        return chart

    context: dict[str, Any] = {
        "_": _,
        "lang": lang,
        "static": static_charts,
        "flag": FLAG,
        "investment": names.labels.get(result.investment, result.investment),
        "scope": names.scope_in_text(result.scope),
        "headline": headline(result, names),
        "plan_rows": plan_rows(result, names),
        "tolerance": percent(plan.tolerance, lang, 0) if plan is not None else None,
        "plan_charts": plan_charts(result, names, add),
        "effects": effect_rows(result, names),
        "forecast": forecast_section(result, names, add),
        "evsi": evsi_section(result.evsi, names, add),
        "audit": audit_rows(result, lang),
        "glossary": [
            {"term": _(term), "text": _(text).replace("{flag}", FLAG)} for term, text in GLOSSARY
        ],
        "sources": STRATEGY_LINKS,
        "draws": number(result.draws, lang),
        "seed": result.seed,
    }
    if not static_charts:
        context["vendor_js"] = Markup(vendored_javascript())
        context["specs_json"] = _json_script({c.id: screen_spec(c.spec) for c in found})
        context["locale_json"] = _json_script(format_locale(lang))
    template = _environment().get_template("followup.html")
    return _scrolling_tables(template.render(context))


def followup_pdf(
    result: FollowUpResult,
    lang: str,
    *,
    labels: Mapping[str, str] | None = None,
    plan: FollowUpPlan | None = None,
) -> bytes:
    """The follow-up report as a PDF (WeasyPrint, A4, charts as SVG in the print font).

    Raises
    ------
    OptionError
        When WeasyPrint cannot load its system libraries (Pango), naming ``--out``.
    """
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise OptionError(
            "--out",
            Message.of(
                N_(
                    "the PDF report needs the optional extra 'pdf' (pip install "
                    "'socinvest[pdf]') and the Pango library (Debian: apt-get install "
                    "libpango-1.0-0 libpangoft2-1.0-0); write .html or .xlsx instead ({error})"
                ),
                error=f"{type(exc).__name__}: {exc}",
            ),
        ) from None
    from socinvest.reports.pdf_report import _local_only

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    html = followup_html(result, lang, labels=labels, plan=plan, static_charts=True)
    data = HTML(string=html, base_url=None, url_fetcher=_local_only).write_pdf()
    if not isinstance(data, bytes):  # pragma: no cover - write_pdf() without a target
        raise TypeError("WeasyPrint returned no PDF")
    return data


def write_followup_report(
    result: FollowUpResult,
    path: Path,
    *,
    lang: str,
    fmt: ReportFormat | None = None,
    labels: Mapping[str, str] | None = None,
    plan: FollowUpPlan | None = None,
) -> None:
    """Write the follow-up report of ``result`` to ``path``, all at once (atomically).

    Parameters
    ----------
    result : FollowUpResult
        The follow-up to show.
    path : Path
        The file to write; its folder must exist.
    lang : {"sv", "en"}
        The report's language.
    fmt : {"html", "pdf", "xlsx"}, optional
        The format; by default from the file name's suffix.
    labels, plan
        As for :func:`followup_html`.

    Raises
    ------
    ValueError
        For an unknown format or suffix.
    """
    kind = fmt or report_format(path)
    if kind not in ("html", "pdf", "xlsx"):
        raise ValueError(f"a report file must end in .html, .pdf or .xlsx, found {path.name!r}")
    with atomic_path(path) as temporary:
        if kind == "html":
            text = followup_html(result, lang, labels=labels, plan=plan)
            temporary.write_text(text, encoding="utf-8")
        elif kind == "pdf":
            temporary.write_bytes(followup_pdf(result, lang, labels=labels, plan=plan))
        else:
            from socinvest.reports.followup_workbook import followup_workbook

            temporary.write_bytes(followup_workbook(result, lang, labels=labels, plan=plan))
