"""The results JSON (documented in ``docs/results-json.md``).

``total`` always means the socio-economic perspective (every payer's resource and production
flows; transfers net to zero). ``by_payer`` holds every payer node, roll-ups included (the
budget perspective of each); ``by_perspective`` holds ``public_finances`` and
``socio_economic``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from socinvest.analysis.cost_effectiveness import cost_effectiveness
from socinvest.analysis.council_terms import CouncilTerm, scenario_terms, term_metrics
from socinvest.analysis.discount_basis import DiscountBasis
from socinvest.analysis.effect_evidence import EffectEvidence, effect_evidence
from socinvest.analysis.psa import AlternativePsa, NpvSummary, PsaResults
from socinvest.analysis.results import ScenarioResults
from socinvest.analysis.summary import MCPF_PERSPECTIVE, PERSPECTIVES, InvestmentMetrics
from socinvest.reports.committee_split_json import committees_json, participants_json
from socinvest.reports.cost_effectiveness_json import cost_effectiveness_json
from socinvest.scenario.model import text_in

FORMAT_VERSION = 1
TOTAL_SCOPE = "socio_economic"

METRIC_FIELDS: tuple[str, ...] = (
    "npv",
    "pv_costs",
    "pv_benefits",
    "bcr",
    "bcr_flag",
    "roi",
    "irr",
    "payback_year",
    "payback_year_undiscounted",
    "undiscounted_costs",
    "undiscounted_benefits",
    "undiscounted_net",
)


def _label(value: Any, default: str) -> dict[str, str]:
    return {"sv": text_in(value, "sv", default), "en": text_in(value, "en", default)}


def metrics_block(metrics: dict[str, InvestmentMetrics], payer_ids: list[str]) -> dict[str, Any]:
    """``{metric: {total, by_payer, by_perspective}}`` for every metric field."""
    rows = {scope: asdict(m) for scope, m in metrics.items()}
    return {
        name: {
            "total": rows[TOTAL_SCOPE][name],
            "by_payer": {pid: rows[pid][name] for pid in payer_ids},
            "by_perspective": {p: rows[p][name] for p in PERSPECTIVES},
        }
        for name in METRIC_FIELDS
    }


def cash_block(metrics: dict[str, InvestmentMetrics], payer_ids: list[str]) -> dict[str, Any]:
    """``{metric: {by_payer, by_perspective: {public_finances}}}`` of the cash flows alone."""
    rows = {scope: asdict(m) for scope, m in metrics.items()}
    return {
        name: {
            "by_payer": {pid: rows[pid][name] for pid in payer_ids},
            "by_perspective": {"public_finances": rows["public_finances"][name]},
        }
        for name in METRIC_FIELDS
    }


def _npv_block(summaries: dict[str, NpvSummary], payer_ids: list[str]) -> dict[str, Any]:
    rows = {scope: asdict(s) for scope, s in summaries.items()}
    return {
        "total": rows[TOTAL_SCOPE],
        "by_payer": {pid: rows[pid] for pid in payer_ids},
        "by_perspective": {p: rows[p] for p in PERSPECTIVES},
    }


def psa_block(psa: PsaResults, alt: AlternativePsa, payer_ids: list[str]) -> dict[str, Any]:
    """The ``psa`` block of one alternative (see ``docs/results-json.md``)."""
    payback = {
        scope: {
            "by_year": {str(year): share for year, share in dist.by_year.items()},
            "not_within_horizon": dist.not_within_horizon,
        }
        for scope, dist in alt.payback.items()
    }
    return {
        "draws": psa.draws,
        "seed": psa.seed,
        "cohort_engine": psa.engine,
        "drawn_parameters": list(psa.drawn_parameters),
        "uncertain_transition_blocks": list(psa.uncertain_transition_blocks),
        **(
            psa.inventory.as_json()
            if psa.inventory is not None
            else {"varied": None, "held_fixed": None}
        ),
        "npv": _npv_block(alt.horizon, payer_ids),
        "term_of_office": {"npv": _npv_block(alt.term_of_office, payer_ids)},
        "payback_year": {
            "by_payer": {k: v for k, v in payback.items() if k not in PERSPECTIVES},
            "by_perspective": {k: v for k, v in payback.items() if k in PERSPECTIVES},
        },
    }


def effect_json(ev: EffectEvidence) -> dict[str, Any]:
    """One effect from the study figure to the figure used (see ``docs/results-json.md``)."""
    study = None
    if ev.study is not None:
        study = ev.study.model_dump(mode="json", exclude_none=True, exclude={"used", "source"})
    return {
        "intervention": ev.intervention,
        "index": ev.index,
        "scale": ev.kind,
        "study": study,
        "ratio": ev.ratio,
        "ratio_interval95": list(ev.ratio_interval) if ev.ratio_interval else None,
        "ratio_parameter": ev.ratio_parameter,
        "adjustments": [
            {
                "id": a.id,
                "factor": a.factor,
                "interval95": list(a.interval) if a.interval else None,
                "parameter": a.parameter,
            }
            for a in ev.adjustments
        ],
        "start_age_multiplier": ev.start_age_multiplier,
        "used": ev.used,
        "used_interval95": list(ev.used_interval) if ev.used_interval else None,
        "decay": ev.decay,
        "drawn": ev.drawn,
    }


def _source(source: Any) -> dict[str, Any] | None:
    return None if source is None else dict(source.model_dump(mode="json", exclude_none=True))


def _basis(basis: DiscountBasis | None) -> dict[str, Any] | None:
    """A discount rate's name and source (see ``docs/results-json.md``)."""
    return None if basis is None else basis.as_json()


def _term_block(
    results: ScenarioResults, alternative: str, term: CouncilTerm, payer_ids: list[str]
) -> dict[str, Any]:
    """The metrics within a council term's budget years in the analysis (``None`` outside)."""
    metrics = term_metrics(results, alternative, term)
    return {"metrics": None if metrics is None else metrics_block(metrics, payer_ids)}


def results_json(results: ScenarioResults) -> dict[str, Any]:
    """The results of a run as a JSON-ready dictionary."""
    from socinvest import __version__

    scenario = results.scenario
    compiled = results.compiled
    settings = scenario.analysis
    tree = compiled.payers
    payer_ids = tree.ids
    labels = {a.id: a.label for a in scenario.alternatives}
    comparisons = {c.alternative: c for c in results.comparisons}
    alternatives = []
    for alt, tot in zip(scenario.alternatives, results.totals, strict=True):
        item: dict[str, Any] = {
            "id": alt.id,
            "label": _label(labels[alt.id], alt.id),
            "comparison": alt.comparison,
            "interventions": list(alt.interventions),
            "totals": {
                "cost_by_payer": {pid: tot.cost_by_scope[pid] for pid in payer_ids},
                "cost_total": tot.cost_by_scope[TOTAL_SCOPE],
                "cost_by_perspective": {p: tot.cost_by_scope[p] for p in PERSPECTIVES},
                "person_years": tot.person_years,
                "person_years_undiscounted": tot.person_years_undiscounted,
                "entries": tot.entries,
            },
        }
        if alt.id in comparisons:
            comp = comparisons[alt.id]
            block = metrics_block(comp.horizon, payer_ids)
            block["term_of_office"] = {
                "years": settings.term_of_office,
                **metrics_block(comp.term_of_office, payer_ids),
            }
            block["council_terms"] = [
                {**t.as_json(), **_term_block(results, alt.id, t, payer_ids)}
                for t in scenario_terms(results)
            ]
            block["cash"] = {
                **cash_block(comp.cash, payer_ids),
                "term_of_office": cash_block(comp.cash_term_of_office, payer_ids),
            }
            block[MCPF_PERSPECTIVE] = (
                {
                    **asdict(comp.horizon[MCPF_PERSPECTIVE]),
                    "term_of_office": asdict(comp.term_of_office[MCPF_PERSPECTIVE]),
                }
                if MCPF_PERSPECTIVE in comp.horizon
                else None
            )
            block["outcomes"] = {
                "person_years_diff": comp.person_years_diff,
                "person_years_diff_undiscounted": comp.person_years_diff_undiscounted,
                "entries_diff": comp.entries_diff,
            }
            block["committees"] = committees_json(results, alt.id)
            block["participants"] = participants_json(results, alt.id)
            item["vs_comparison"] = block
        else:
            item["vs_comparison"] = None
        psa = results.psa
        item["psa"] = (
            psa_block(psa, psa.for_alternative(alt.id), payer_ids)
            if psa is not None and alt.id in comparisons
            else None
        )
        alternatives.append(item)
    illustrative = [i.id for i in scenario.interventions if i.evidence and i.evidence.illustrative]
    return {
        "format_version": FORMAT_VERSION,
        "meta": {
            "version": __version__,
            "scenario_id": scenario.id,
            "title": _label(scenario.title, scenario.id),
            "scenario_hash": results.scenario_hash,
            "parameter_hash": results.parameter_hash,
            "parameters": list(results.parameters),
            "seed": settings.seed if results.psa is None else results.psa.seed,
            "draws": (
                int(results.run.alternatives[0].ledger.shape[0])
                if results.psa is None
                else results.psa.draws
            ),
            "currency": "SEK",
            "price_year": settings.price_year,
            "model_price_year": scenario.model.price_year,
            "model_rebasing_factor": results.model_rebasing_factor,
            "start_year": settings.start_year,
            "years": results.run.years,
            "start_age": compiled.start_age,
            "intake": [float(x) for x in compiled.intake],
            "discount_rate": settings.discount_rate,
            "discount_rate_basis": _basis(results.discount),
            "outcome_discount_rate": settings.outcome_discount_rate,
            "outcome_discount_rate_basis": _basis(results.outcome_discount),
            "timing": settings.timing,
            "term_of_office": settings.term_of_office,
            "council_terms": [t.as_json() for t in scenario_terms(results)],
            "illustrative_interventions": illustrative,
            "capacity_lines": compiled.has_capacity,
            "mcpf": settings.mcpf,
            "mcpf_source": _source(settings.mcpf_source),
            "optimism_bias": (
                settings.optimism_bias.model_dump(mode="json", exclude_none=True)
                if settings.optimism_bias is not None
                else None
            ),
        },
        "payers": [p.as_json() for p in tree.payers],
        "states": [{"id": s.id, "label": _label(s.label, s.id)} for s in scenario.model.states],
        "alternatives": alternatives,
        "effects": [effect_json(ev) for ev in effect_evidence(results)],
        "cost_effectiveness": cost_effectiveness_json(cost_effectiveness(results)),
    }
