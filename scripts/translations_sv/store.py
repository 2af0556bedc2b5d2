"""Swedish translations of the store (issue 13): the database, scenario versions, stored runs,
decided investments, follow-up plans and observations, backups."""

from __future__ import annotations

SV = {
    "Also write the new results (JSON) to this file.": "Skriv också de nya resultaten (JSON) "
    "till denna fil.",
    "At most this many runs.": "Högst så här många körningar.",
    "Back up the whole store to FILE: SQLite's online backup (others may keep working), or "
    "pg_dump for PostgreSQL.": "Säkerhetskopiera hela databasen till FIL: SQLites "
    "onlinesäkerhetskopiering (andra kan arbeta vidare under tiden), eller pg_dump för "
    "PostgreSQL.",
    "Backup of {url} written to {file}": "Säkerhetskopia av {url} skriven till {file}",
    "Budget (SEK)": "Budget (kr)",
    "Budget file (YAML): years, each with payer ids and amounts in SEK.": "Budgetfil (YAML): "
    "år, vart och ett med aktörs-id och belopp i kronor.",
    "By": "Av",
    "Content hash": "Innehållshash",
    "Create the database's tables, or bring them up to this version of socinvest (Alembic "
    "migrations; safe to run again).": "Skapa databasens tabeller, eller uppdatera dem till "
    "denna version av socinvest (Alembic-migreringar; kan köras igen utan risk).",
    "Database URL: sqlite:///FILE or postgresql+psycopg://USER@HOST/DB (default: "
    "SOCINVEST_DB, else socinvest.db in your user data folder).": "Databasens URL: "
    "sqlite:///FIL eller postgresql+psycopg://ANVÄNDARE@VÄRD/DB (standard: SOCINVEST_DB, "
    "annars socinvest.db i din användares datamapp).",
    "Database: {url}": "Databas: {url}",
    "Date of the decision, YYYY-MM-DD.": "Beslutsdatum, ÅÅÅÅ-MM-DD.",
    "Decided": "Beslutad",
    "Decided by": "Beslutad av",
    "Decided investments: which scenario version was decided, when, by which body, with what "
    "budget per year and payer.": "Beslutade investeringar: vilken scenarioversion som "
    "beslutades, när, av vilket organ, med vilken budget per år och aktör.",
    "Draws of the forecast.": "Dragningar i prognosen.",
    "Error: {message}": "Fel: {message}",
    "Follow up a decided investment: its plan per period, the observed reach, cost and "
    "indicators, and the report of plan against actual.": "Följ upp en beslutad investering: "
    "dess plan per period, observerad räckvidd, kostnad och indikatorer, och rapporten om plan "
    "mot utfall.",
    "Id": "Id",
    "Investment": "Investering",
    "Investment {id} {name} ({organisation})": "Investering {id} {name} ({organisation})",
    "Investment {id} {name}: {body} decided on {scenario} version {version} on {date}.":
    "Investering {id} {name}: {body} beslutade om {scenario} version {version} den {date}.",
    "Latest saved (UTC)": "Senast sparad (UTC)",
    "List the decided investments.": "Lista de beslutade investeringarna.",
    "List the stored runs, newest first.": "Lista de sparade körningarna, nyaste först.",
    "List the stored scenarios and their versions.": "Lista de sparade scenarierna och deras "
    "versioner.",
    "Name in the store (default: the scenario's id).": "Namn i databasen (standard: "
    "scenariots id).",
    "No investments are recorded yet: socinvest investment decide": "Inga investeringar är "
    "registrerade ännu: socinvest investment decide",
    "No runs are stored yet: socinvest run SCENARIO --save": "Inga körningar är sparade ännu: "
    "socinvest run SCENARIO --save",
    "No scenarios are stored yet: socinvest scenario save FILE": "Inga scenarier är sparade "
    "ännu: socinvest scenario save FIL",
    "Only the runs of this stored scenario.": "Bara körningarna av detta sparade scenario.",
    "Organisation": "Organisation",
    "Parameter files: {files}": "Parameterfiler: {files}",
    "Plan stored for {investment}: {periods} periods, {indicators} indicators.": "Planen "
    "sparad för {investment}: {periods} perioder, {indicators} indikatorer.",
    "PostgreSQL needs the psycopg driver: pip install 'socinvest[postgres]' ({error})":
    "PostgreSQL kräver drivrutinen psycopg: pip install 'socinvest[postgres]' ({error})",
    "Re-run a stored run from its stored scenario version, parameter files, seed and draws, "
    "and report whether the results are identical, bit for bit (exit 1 if not).": "Kör om en "
    "sparad körning från dess sparade scenarioversion, parameterfiler, frö och dragningar, och "
    "visa om resultaten är identiska, bit för bit (slutkod 1 om inte).",
    "Record observations from a CSV or Excel (.xlsx) file with the columns period, kind "
    "(reach, cost, indicator), indicator, payer, group, value, n, events. Every row is "
    "checked; a file with any problem changes nothing.": "Registrera observationer från en "
    "CSV- eller Excelfil (.xlsx) med kolumnerna period, kind (reach, cost, indicator), "
    "indicator, payer, group, value, n, events. Varje rad kontrolleras; en fil med något fel "
    "ändrar ingenting.",
    "Record that a body (e.g. kommunfullmäktige) decided on a version of a stored scenario: "
    "the date, the budget per year and payer, whose figure it rests on.": "Registrera att ett "
    "organ (t.ex. kommunfullmäktige) beslutade om en version av ett sparat scenario: datum, "
    "budget per år och aktör, och vems siffra beslutet vilar på.",
    "Replace everything in the store, its audit log included, with the backup FILE (made by "
    "socinvest backup from the same kind of database).": "Ersätt allt i databasen, även dess "
    "ändringslogg, med säkerhetskopian FIL (gjord med socinvest backup från samma slags "
    "databas).",
    "Results: socinvest runs show {id} --format json": "Resultat: socinvest runs show {id} "
    "--format json",
    "Run": "Körning",
    "Run socinvest db upgrade to bring it up to date.": "Kör socinvest db upgrade för att "
    "uppdatera den.",
    "Run {id} re-run: the results are identical, bit for bit.": "Körning {id} omkörd: "
    "resultaten är identiska, bit för bit.",
    "Run {id} re-run: the results differ from the stored ones, first at line {line} of the "
    "JSON (stored with socinvest {version}).": "Körning {id} omkörd: resultaten skiljer sig "
    "från de sparade, första gången på rad {line} i JSON-texten (sparad med socinvest "
    "{version}).",
    "Run {id}: {scenario} version {version}, seed {seed}, {draws} draws, socinvest {package}, "
    "saved {at} by {by}.": "Körning {id}: {scenario} version {version}, frö {seed}, {draws} "
    "dragningar, socinvest {package}, sparad {at} av {by}.",
    "Runs stored with socinvest run --save: list them, show one, or re-run one from its stored "
    "scenario version, parameters and seed to check it gives the same results.": "Körningar "
    "sparade med socinvest run --save: lista dem, visa en, eller kör om en från dess sparade "
    "scenarioversion, parametrar och frö för att kontrollera att den ger samma resultat.",
    "Save a scenario file as a new version (named after its id unless --name). The same "
    "content again returns the version that has it; an edit makes the next version.": "Spara "
    "en scenariofil som en ny version (med dess id som namn om inte --name ges). Samma "
    "innehåll igen ger den version som redan har det; en ändring ger nästa version.",
    "Saved (UTC)": "Sparad (UTC)",
    "Saved {name} version {number} ({organisation}).": "Sparade {name} version {number} "
    "({organisation}).",
    "Scenario file (YAML).": "Scenariofil (YAML).",
    "Scenario hash {scenario_hash}, parameter hash {parameter_hash}": "Scenariohash "
    "{scenario_hash}, parameterhash {parameter_hash}",
    "Scenarios kept in the store: every saved edit is a new, numbered version that is never "
    "changed; show and compare versions.": "Scenarier i databasen: varje sparad ändring blir "
    "en ny, numrerad version som aldrig ändras; visa och jämför versioner.",
    "Schema revision: {current} (this version of socinvest: {head})": "Schemarevision: "
    "{current} (denna version av socinvest: {head})",
    "Seed of the forecast's draws (default: the scenario's).": "Frö för prognosens dragningar "
    "(standard: scenariots).",
    "Show a decided investment (by id or name).": "Visa en beslutad investering (med id eller "
    "namn).",
    "Show a stored run: its inputs, hashes and results (JSON).": "Visa en sparad körning: dess "
    "indata, hashar och resultat (JSON).",
    "Show a stored scenario's versions, or the YAML of one with --version.": "Visa ett sparat "
    "scenarios versioner, eller YAML-texten för en med --version.",
    "Show the database's URL and schema revision.": "Visa databasens URL och schemarevision.",
    "Show what changed from one version to another, as a unified diff.": "Visa vad som ändrats "
    "från en version till en annan, som en unified diff.",
    "Store the follow-up plan of an investment from a YAML file: periods, tolerance, planned "
    "reach, cost per payer and indicators (each may name the effect of the scenario it "
    "measures). Replaces an earlier plan; checked against the scenario.": "Spara en "
    "investerings uppföljningsplan från en YAML-fil: perioder, tolerans, planerad räckvidd, "
    "kostnad per aktör och indikatorer (var och en kan ange den effekt i scenariot som den "
    "mäter). Ersätter en tidigare plan; kontrolleras mot scenariot.",
    "Store the run in the database (see --db): the scenario's version, the --params files, the "
    "seed and the results, and print the run's id.": "Spara körningen i databasen (se --db): "
    "scenariots version, --params-filerna, fröet och resultaten, och skriv ut körningens id.",
    "Stored as run {id} (socinvest runs show {id}).": "Sparad som körning {id} (socinvest runs "
    "show {id}).",
    "The backup file.": "Säkerhetskopians fil.",
    "The database of the store: create it or bring its schema up to date.": "Databasen: skapa "
    "den eller uppdatera dess schema.",
    "The database {url} is up to date (revision {revision}).": "Databasen {url} är uppdaterad "
    "(revision {revision}).",
    "The database {url} now holds the backup {file}.": "Databasen {url} innehåller nu "
    "säkerhetskopian {file}.",
    "The database {url} was upgraded from revision {before} to {after}.": "Databasen {url} "
    "uppdaterades från revision {before} till {after}.",
    "The earlier version.": "Den tidigare versionen.",
    "The investment's id or name.": "Investeringens id eller namn.",
    "The investment's name (default: the scenario's).": "Investeringens namn (standard: "
    "scenariots).",
    "The later version.": "Den senare versionen.",
    "The observations file (.csv or .xlsx).": "Observationsfilen (.csv eller .xlsx).",
    "The organisation (municipality, region, agency) the scenario belongs to.": "Organisationen "
    "(kommun, region, myndighet) som scenariot hör till.",
    "The plan file (YAML).": "Planfilen (YAML).",
    "The run's id (socinvest runs list).": "Körningens id (socinvest runs list).",
    "The scenario's name in the store.": "Scenariots namn i databasen.",
    "The stored run the decision was made on (socinvest runs list).": "Den sparade körning som "
    "beslutet fattades på (socinvest runs list).",
    "The stored scenario's name.": "Det sparade scenariots namn.",
    "The version decided on.": "Den version som beslutades.",
    "The version's number.": "Versionens nummer.",
    "Version": "Version",
    "Versions": "Versioner",
    "Versions {first} and {second} of {name} have the same text.": "Version {first} och "
    "{second} av {name} har samma text.",
    "Who decided, e.g. kommunfullmäktige or socialnämnden.": "Vem som beslutade, t.ex. "
    "kommunfullmäktige eller socialnämnden.",
    "Who makes the change, for the audit log (default: your login name).": "Vem som gör "
    "ändringen, för ändringsloggen (standard: ditt inloggningsnamn).",
    "Whose figure the decision rests on: a payer id or a perspective.": "Vems siffra beslutet "
    "vilar på: ett aktörs-id eller ett perspektiv.",
    "a PostgreSQL backup made by socinvest backup (pg_dump's custom format)": "en "
    "PostgreSQL-säkerhetskopia gjord med socinvest backup (pg_dumps eget format)",
    "a SQLite backup made by socinvest backup": "en SQLite-säkerhetskopia gjord med socinvest "
    "backup",
    "an in-memory database cannot be backed up": "en databas i minnet kan inte "
    "säkerhetskopieras",
    "and {count} more problems": "och {count} fel till",
    "cannot open the database: {error}": "kan inte öppna databasen: {error}",
    "cannot use this database: {error}": "kan inte använda denna databas: {error}",
    "expected UTF-8 text, found the byte {byte}": "väntade text i UTF-8, fann byten {byte}",
    "expected a comparison group only for an indicator, found {found}": "väntade en "
    "jämförelsegrupp bara för en indikator, fann {found}",
    "expected a database URL such as sqlite:///path/to/file.db or "
    "postgresql+psycopg://user@host/database, found {url}": "väntade en databas-URL som "
    "sqlite:///sökväg/till/fil.db eller postgresql+psycopg://användare@värd/databas, fann "
    "{url}",
    "expected a date YYYY-MM-DD, found {found}": "väntade ett datum ÅÅÅÅ-MM-DD, fann {found}",
    "expected a list of indicators, found {found}": "väntade en lista med indikatorer, fann "
    "{found}",
    "expected a list of periods such as [2026, 2027] or [2026H1, 2026H2], found {found}":
    "väntade en lista med perioder som [2026, 2027] eller [2026H1, 2026H2], fann {found}",
    "expected a mapping from payer ids to amounts, found {found}": "väntade en avbildning från "
    "aktörs-id till belopp, fann {found}",
    "expected a mapping from years to payers and amounts, found {found}": "väntade en "
    "avbildning från år till aktörer och belopp, fann {found}",
    "expected a mapping with id, kind and planned, found {found}": "väntade en avbildning med "
    "id, kind och planned, fann {found}",
    "expected a mapping with periods, reach, cost and indicators, found {found}": "väntade en "
    "avbildning med periods, reach, cost och indicators, fann {found}",
    "expected a mapping, found {found}": "väntade en avbildning, fann {found}",
    "expected a number of at least 0, found {found}": "väntade ett tal på minst 0, fann "
    "{found}",
    "expected a number, found {found}": "väntade ett tal, fann {found}",
    "expected a payer of the scenario ({expected}), found {found}": "väntade en aktör i "
    "scenariot ({expected}), fann {found}",
    "expected a period such as 2026, 2026H1 or 2026Q3, found {found}": "väntade en period som "
    "2026, 2026H1 eller 2026Q3, fann {found}",
    "expected a relative deviation between 0 and 10 (0.10 = 10 %), found {found}": "väntade en "
    "relativ avvikelse mellan 0 och 10 (0,10 = 10 %), fann {found}",
    "expected a share between 0 and 1 (not percent), found {found}": "väntade en andel mellan "
    "0 och 1 (inte procent), fann {found}",
    "expected a text or {{sv: ..., en: ...}}, found {found}": "väntade en text eller "
    "{{sv: ..., en: ...}}, fann {found}",
    "expected a value (or events and n for a proportion), found an empty cell": "väntade ett "
    "värde (eller events och n för en andel), fann en tom cell",
    "expected a value of at least 0, found {found}": "väntade ett värde på minst 0, fann "
    "{found}",
    "expected a whole number of at least {least}, found {found}": "väntade ett heltal på minst "
    "{least}, fann {found}",
    "expected a whole number of participants, at least 0, found {found}": "väntade ett helt "
    "antal deltagare, minst 0, fann {found}",
    "expected a whole number of participants, found {found}": "väntade ett helt antal "
    "deltagare, fann {found}",
    "expected a year such as 2026, found {found}": "väntade ett år som 2026, fann {found}",
    "expected an Excel workbook (.xlsx): {error}": "väntade en Excelarbetsbok (.xlsx): {error}",
    "expected an amount of at least 0 SEK, found {found}": "väntade ett belopp på minst 0 kr, "
    "fann {found}",
    "expected an identifier (a letter, then letters, digits, _ . -), found {found}": "väntade "
    "en identifierare (en bokstav, sedan bokstäver, siffror, _ . -), fann {found}",
    "expected an indicator of the plan ({expected}), found {found}": "väntade en indikator i "
    "planen ({expected}), fann {found}",
    "expected at most n = {n} events, found {found}": "väntade högst n = {n} händelser, fann "
    "{found}",
    "expected events / n = {share} or an empty value, found {found}": "väntade events / n = "
    "{share} eller ett tomt värde, fann {found}",
    "expected events only for a proportion, found {found}": "väntade events bara för en andel, "
    "fann {found}",
    "expected no indicator for kind {kind}, found {found}": "väntade ingen indikator för kind "
    "{kind}, fann {found}",
    "expected no payer for kind {kind}, found {found}": "väntade ingen aktör för kind {kind}, "
    "fann {found}",
    "expected one of the plan's periods ({expected}), found {found}": "väntade en av planens "
    "perioder ({expected}), fann {found}",
    "expected one of: {expected}, found {found}": "väntade en av: {expected}, fann {found}",
    "expected the number of children measured (n) for a proportion, found {found}": "väntade "
    "antalet mätta barn (n) för en andel, fann {found}",
    "expected true or false, found {found}": "väntade true eller false, fann {found}",
    "expected {kind}, found something else": "väntade {kind}, fann något annat",
    "expected {{intervention: ID, index: 0}}, found {found}": "väntade "
    "{{intervention: ID, index: 0}}, fann {found}",
    "indicator {found} is listed twice": "indikatorn {found} står två gånger",
    "intervention {id} has {count} effects; expected an index from 0 to {last}, found {found}":
    "insatsen {id} har {count} effekter; väntade ett index från 0 till {last}, fann {found}",
    "investment {name} has no follow-up plan yet: first run socinvest followup plan {name} "
    "PLAN.yaml": "investeringen {name} har ingen uppföljningsplan ännu: kör först socinvest "
    "followup plan {name} PLAN.yaml",
    "missing columns {missing}; expected a header row with: {expected}": "kolumnerna {missing} "
    "saknas; väntade en rubrikrad med: {expected}",
    "no investment {ref}": "ingen investering {ref}",
    "no organisation called {name}": "ingen organisation som heter {name}",
    "no scenario called {name}": "inget scenario som heter {name}",
    "no stored run {id}": "ingen sparad körning {id}",
    "no stored run {id} of {name} version {version}": "ingen sparad körning {id} av {name} "
    "version {version}",
    "period {found} is listed twice": "perioden {found} står två gånger",
    "several investments are called {ref}: give the id ({ids})": "flera investeringar heter "
    "{ref}: ange id ({ids})",
    "several organisations have a scenario called {name}: give --org ({names})": "flera "
    "organisationer har ett scenario som heter {name}: ange --org ({names})",
    "socinvest": "socinvest",
    "someone else changed the database meanwhile; nothing of {name} was saved, save again":
    "någon annan ändrade databasen under tiden; inget av {name} sparades, spara igen",
    "someone else changed the database meanwhile; nothing was saved, try again": "någon annan "
    "ändrade databasen under tiden; inget sparades, försök igen",
    "the database {url} is at schema revision {current}, this version of socinvest needs "
    "{head}: run socinvest db upgrade --db {url}": "databasen {url} har schemarevision "
    "{current}, denna version av socinvest behöver {head}: kör socinvest db upgrade --db {url}",
    "the file has no rows": "filen har inga rader",
    "the file is {size} MB; the limit is {limit} MB": "filen är {size} MB; gränsen är {limit} "
    "MB",
    "the same period, kind, indicator, payer and group as line {other}": "samma period, kind, "
    "indicator, payer och group som rad {other}",
    "unknown columns {found}; expected: {expected}": "okända kolumner {found}; väntade: "
    "{expected}",
    "unknown intervention {found}; the scenario has: {expected}": "okänd insats {found}; "
    "scenariot har: {expected}",
    "unknown key {found}; expected one of: {expected}": "okänd nyckel {found}; väntade en av: "
    "{expected}",
    "unknown payer {found}; expected one of: {expected}": "okänd aktör {found}; väntade en av: "
    "{expected}",
    "unknown period {found}; expected one of the plan's periods: {expected}": "okänd period "
    "{found}; väntade en av planens perioder: {expected}",
    "version {number} of {name} was saved by someone else meanwhile; nothing was lost, save "
    "again": "version {number} av {name} sparade någon annan under tiden; inget gick förlorat, "
    "spara igen",
    "{body} decided on {scenario} version {version} on {date}; scope {scope}, seed {seed}, "
    "{draws} draws.": "{body} beslutade om {scenario} version {version} den {date}; perspektiv "
    "{scope}, frö {seed}, {draws} dragningar.",
    "{count} observations recorded for {investment} from {file}.": "{count} observationer "
    "registrerade för {investment} från {file}.",
    "{name} has no version {number}; its versions are 1 to {newest}": "{name} har ingen "
    "version {number}; dess versioner är 1 till {newest}",
    "{name} version {number} ({organisation}) has this content already; nothing new was "
    "saved.": "{name} version {number} ({organisation}) har redan detta innehåll; inget nytt "
    "sparades.",
    "{organisation} already has an investment called {name}; choose another name with --name":
    "{organisation} har redan en investering som heter {name}; välj ett annat namn med --name",
    "{tool} failed: {error}": "{tool} misslyckades: {error}",
    "{tool} is not installed: install the PostgreSQL client programs (e.g. apt install "
    "postgresql-client) of the server's version": "{tool} är inte installerat: installera "
    "PostgreSQL:s klientprogram (t.ex. apt install postgresql-client) i serverns version",
}
