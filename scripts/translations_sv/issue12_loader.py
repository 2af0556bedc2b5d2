"""Swedish translations of the YAML loader's refusals (issue 12)."""

from __future__ import annotations

SV = {
    "control character {char} in column {column}; only tab and line breaks are allowed": (
        "styrtecknet {char} i kolumn {column}; bara tabb och radbrytningar är tillåtna"
    ),
    "control character {char} in a text; only tab and line breaks are allowed": (
        "styrtecknet {char} i en text; bara tabb och radbrytningar är tillåtna"
    ),
    "mappings and lists nested deeper than {limit} levels": (
        "avbildningar och listor är nästlade djupare än {limit} nivåer"
    ),
    "the document expands to more than {limit} values (aliases counted in full); this limit "
    "guards against YAML alias bombs": (
        "dokumentet växer till fler än {limit} värden (alias räknade fullt ut); gränsen skyddar "
        "mot YAML-aliasbomber"
    ),
    "{value} is not a date that exists (or a value YAML can read); quote it if it is meant as "
    "text": (
        "{value} är inget datum som finns (eller ett värde som YAML kan läsa); sätt det inom "
        "citattecken om det är menat som text"
    ),
    "the file is not UTF-8: byte 0x{byte} in column {column} cannot be read (save the file as "
    "UTF-8)": (
        "filen är inte UTF-8: byten 0x{byte} i kolumn {column} går inte att läsa (spara filen "
        "som UTF-8)"
    ),
    "expected a regular file, found {kind}": "väntade en vanlig fil, fann {kind}",
    "a folder": "en mapp",
    "a special file": "en specialfil",
    "the file is {size} MB; the limit for a YAML file is {limit} MB": (
        "filen är {size} MB; gränsen för en YAML-fil är {limit} MB"
    ),
}
SV["{problem} (the value from the parameter library, after 'times')"] = (
    "{problem} (värdet från parameterbiblioteket, efter 'times')"
)
SV["{problem} (the value of {id} from the parameter library, after 'times')"] = (
    "{problem} (värdet av {id} från parameterbiblioteket, efter 'times')"
)
SV[
    "the result is not a finite number: some input is too large or too extreme for the "
    "calculation (check the amounts, sizes and rates)"
] = (
    "resultatet är inte ett ändligt tal: någon indata är för stor eller för extrem för "
    "beräkningen (kontrollera belopp, storlekar och räntor)"
)
SV["expected at most {limit} draws, found {draws}"] = (
    "väntade högst {limit} dragningar, fann {draws}"
)
SV[
    "{draws} draws would need about {needed} GB of memory and {budget} GB may be used (half of "
    "what is available); at most about {fits} draws fit"
] = (
    "{draws} dragningar skulle behöva omkring {needed} GB minne och {budget} GB får användas "
    "(hälften av det lediga); högst omkring {fits} dragningar ryms"
)
SV.update(
    {
        "the folder does not exist": "mappen finns inte",
        "the folder cannot be written": "det går inte att skriva i mappen",
        "a folder has that name": "det finns en mapp med det namnet",
        "a file has that name": "det finns en fil med det namnet",
        "a file stands in the way": "en fil står i vägen",
        "the folder holds other files than socinvest's results; choose a new or empty folder": (
            "mappen innehåller andra filer än socinvests resultat; välj en ny eller tom mapp"
        ),
        "cannot write there: {error} ({file})": "kan inte skriva där: {error} ({file})",
    }
)
