"""Swedish for the checks that keep a modeller from being silently wrong: effects that change
nothing, and the notes of ``socinvest validate`` on states left to a default."""

SV = {
    "expected an effect that changes some transition in the years its window covers: a move "
    "in 'to' with a probability above 0 and, in the same row, a move outside 'to' (staying "
    "counts) to take up the difference; found that it changes nothing: {found}": (
        "förväntade en effekt som ändrar någon övergång under de år dess fönster täcker: en "
        "övergång i 'to' med en sannolikhet över 0 och, i samma rad, en övergång utanför 'to' "
        "(att stanna kvar räknas) som tar upp skillnaden; men effekten ändrar ingenting: {found}"
    ),
    "expected a from-state that is left with a probability above 0 at some age the effect's "
    "window covers; found that the effect changes nothing: {found}": (
        "förväntade ett från-tillstånd som lämnas med en sannolikhet över 0 vid någon ålder "
        "som effektens fönster täcker; men effekten ändrar ingenting: {found}"
    ),
    "{first}; {second}": "{first}; {second}",
    "'to' names no state but {state} itself, and an effect acts on moves out of a state, "
    "not on staying": (
        "'to' anger inget annat tillstånd än {state} självt, och en effekt verkar på "
        "övergångar ut ur ett tillstånd, inte på att stanna kvar"
    ),
    "{state} is never left at ages {ages}": "{state} lämnas aldrig vid åldrarna {ages}",
    "no move from {state} to {targets} has a probability above 0 at ages {ages}": (
        "ingen övergång från {state} till {targets} har en sannolikhet över 0 vid åldrarna {ages}"
    ),
    "every move from {state} with a probability above 0 at ages {ages} is in 'to' "
    "({targets}): they always sum to 1, so the effect cannot make them more or less likely": (
        "varje övergång från {state} med en sannolikhet över 0 vid åldrarna {ages} finns i "
        "'to' ({targets}): de summerar alltid till 1, så effekten kan inte göra dem mer eller "
        "mindre sannolika"
    ),
    "applies to the states {states} (the intervention's default eligible states: every state "
    "of the initial mix); name them with 'states' or 'eligible_states'": (
        "gäller tillstånden {states} (insatsens standard för deltagande tillstånd: varje "
        "tillstånd i startfördelningen); ange dem med 'states' eller 'eligible_states'"
    ),
    "Note: {note}": "Obs: {note}",
}
