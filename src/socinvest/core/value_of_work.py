"""The value of a year of work: one definition for the model, the typfall and the cohort view.

The production value of one person-year in work is valued at its labour cost (the human
capital approach of Swedish socio-economic calculations, e.g. Nilsson and Wadeskog's
*produktionsbortfall*; Boardman et al., *Cost-Benefit Analysis*, 5th ed., ch. 5, value the
output of a worker at the employer's full cost of employing them):

.. math:: V_E = w_E \\cdot 12 \\cdot h \\cdot (1 + c)

with :math:`w_E` the mean full-time equivalent monthly wage at education level :math:`E`
(SCB lönestrukturstatistik), :math:`h` the hours worked as a share of full time and
:math:`c` the employer's contributions as a share of the wage. When it is not certain that the
person works (the counterfactual of a year in long-term exclusion), the expected production
is :math:`p_E V_E` with :math:`p_E` the employment rate at that level (SCB's labour force
survey or register-based employment).

The parameters are ``produktion.manadslon_E``, ``produktion.heltidsandel``,
``produktion.arbetsgivaravgift``, ``produktion.sysselsattningsgrad_E`` and the derived
``produktion.produktionsvarde_E`` of the parameter library (docs/swedish-model.md, section 4).
"""

from __future__ import annotations

EDUCATION_LEVELS = ("forgymnasial", "gymnasial", "eftergymnasial")
"""The levels of education reached (SUN 2020's main levels): no upper-secondary diploma,
upper secondary, post-secondary."""

MONTHS_PER_YEAR = 12


def labour_cost_per_year(
    monthly_wage: float, full_time_share: float, employer_contribution_rate: float
) -> float:
    """Production value of one person-year in work, valued at its labour cost (SEK/year).

    Parameters
    ----------
    monthly_wage
        Mean full-time equivalent monthly wage (SEK/month).
    full_time_share
        Hours worked in the year as a share of full time, in (0, 1].
    employer_contribution_rate
        Employer's contributions as a share of the gross wage (0.3142 in 2024).

    Returns
    -------
    float
        ``monthly_wage * 12 * full_time_share * (1 + employer_contribution_rate)``.

    Raises
    ------
    ValueError
        For a negative wage or rate, or a full-time share outside (0, 1].
    """
    if monthly_wage < 0:
        raise ValueError(f"expected a monthly wage >= 0, found {monthly_wage}")
    if not 0 < full_time_share <= 1:
        raise ValueError(f"expected a full-time share in (0, 1], found {full_time_share}")
    if employer_contribution_rate < 0:
        raise ValueError(
            f"expected an employer's contribution rate >= 0, found {employer_contribution_rate}"
        )
    return monthly_wage * MONTHS_PER_YEAR * full_time_share * (1.0 + employer_contribution_rate)


def expected_production(value_of_work_year: float, employment_rate: float) -> float:
    """Expected production of a person-year whose work is not certain: ``p * V``.

    Parameters
    ----------
    value_of_work_year
        Production value of one person-year in work (:func:`labour_cost_per_year`).
    employment_rate
        Probability of being in work in the year, in [0, 1].

    Raises
    ------
    ValueError
        For an employment rate outside [0, 1].
    """
    if not 0 <= employment_rate <= 1:
        raise ValueError(f"expected an employment rate in [0, 1], found {employment_rate}")
    return employment_rate * value_of_work_year
