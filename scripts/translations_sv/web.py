"""Swedish for the web application, its accounts and ``socinvest serve`` (issue 15)."""

SV = {
    "A run of {name} version {number} with {draws} draws": "En körning av {name} version "
    "{number} med {draws} dragningar",
    "Above zero: the payer gains more than it pays, in present value. The socio-economic "
    "perspective counts resources and production; transfers between payers net to zero.":
    "Över noll: aktören får tillbaka mer än den betalar, i nuvärde. Det samhällsekonomiska "
    "perspektivet räknar resurser och produktion; transfereringar mellan aktörer tar ut "
    "varandra.",
    "Accounts of the web application: users, their roles per organisation.": "Konton i "
    "webbapplikationen: användare och deras roller per organisation.",
    "All versions": "Alla versioner",
    "Amount (SEK)": "Belopp (kr)",
    "An administrator creates accounts (socinvest admin create-user).": "En administratör "
    "skapar konton (socinvest admin create-user).",
    "Back to the scenarios": "Tillbaka till scenarierna",
    "Budget": "Budget",
    "Calculating the results": "Beräknar resultaten",
    "Calculating the results…": "Beräknar resultaten …",
    "Create": "Skapa",
    "Create an account of the web application with a role in an organisation (the "
    "organisation is created if new). The password is asked for twice, hidden.": "Skapa ett "
    "konto i webbapplikationen med en roll i en organisation (organisationen skapas om den är "
    "ny). Lösenordet efterfrågas två gånger, dolt.",
    "Created user {login} ({role} in {organisation}).": "Användaren {login} skapades ({role} "
    "i {organisation}).",
    "Done.": "Klart.",
    "Error: --insecure-cookies is only allowed with --host 127.0.0.1: elsewhere the session "
    "cookie must travel over HTTPS only.": "Fel: --insecure-cookies är bara tillåtet med "
    "--host 127.0.0.1: annars får sessionskakan bara skickas över HTTPS.",
    "Error: the two passwords differ; nothing was saved.": "Fel: de två lösenorden skiljer "
    "sig åt; inget sparades.",
    "Error: the web application needs its extra: pip install 'socinvest[web]' ({error})":
    "Fel: webbapplikationen behöver sitt tillägg: pip install 'socinvest[web]' ({error})",
    "Follow-up": "Uppföljning",
    "Give a user a role in an organisation, or take it away with --remove.": "Ge en användare "
    "en roll i en organisation, eller ta bort den med --remove.",
    "Investments": "Investeringar",
    "Let a disabled user log in again.": "Låt en avstängd användare logga in igen.",
    "Log in": "Logga in",
    "Log out": "Logga ut",
    "Login name": "Inloggningsnamn",
    "Main menu": "Huvudmeny",
    "Make the follow-up report": "Gör uppföljningsrapporten",
    "Make the full report ({draws} draws)": "Gör hela rapporten ({draws} dragningar)",
    "More": "Mer",
    "Name": "Namn",
    "Name in the store (default: the scenario's id)": "Namn i databasen (standard: "
    "scenariots id)",
    "Net present value against {comparison}, per payer (each payer's own budget), {year} "
    "prices, {first} to {last}": "Nettonuvärde jämfört med {comparison}, per aktör (varje "
    "aktörs egen budget), {year} års priser, {first}–{last}",
    "New user": "Ny användare",
    "No investments are decided yet (socinvest investment decide).": "Inga investeringar är "
    "beslutade ännu (socinvest investment decide).",
    "No scenarios are stored yet.": "Inga scenarier är sparade ännu.",
    "No stored runs yet.": "Inga sparade körningar ännu.",
    "Not allowed": "Inte tillåtet",
    "Not found": "Hittades inte",
    "Open the result": "Öppna resultatet",
    "Password": "Lösenord",
    "Password (at least 10 characters)": "Lösenord (minst 10 tecken)",
    "Read the password from standard input (the first line), for scripts.": "Läs lösenordet "
    "från standard in (första raden), för skript.",
    "Remove the user from the organisation.": "Ta bort användaren från organisationen.",
    "Results per payer": "Resultat per aktör",
    "Role": "Roll",
    "Roles": "Roller",
    "Roles of {login} updated.": "Rollerna för {login} är uppdaterade.",
    "Run and store": "Kör och spara",
    "Run {id}": "Körning {id}",
    "Save": "Spara",
    "Save a new version from a file": "Spara en ny version från en fil",
    "Save a scenario file": "Spara en scenariofil",
    "Saving the same content again returns the version that has it; an edit makes the next "
    "version.": "Samma innehåll igen ger den version som har det; en ändring blir nästa "
    "version.",
    "Scenario file (YAML)": "Scenariofil (YAML)",
    "Scenario hash {scenario}, parameter hash {parameters}.": "Scenariots hash {scenario}, "
    "parametrarnas hash {parameters}.",
    "Scenarios": "Scenarier",
    "Seed (empty: the scenario's)": "Frö (tomt: scenariots)",
    "Send the session cookie over plain http too (only on 127.0.0.1, for trying it out; "
    "behind HTTPS leave it off).": "Skicka sessionskakan även över okrypterad http (bara på "
    "127.0.0.1, för att prova; bakom HTTPS ska den vara av).",
    "Show the YAML": "Visa YAML-texten",
    "Skip to the content": "Hoppa till innehållet",
    "Socio-economic (all of society)": "Samhällsekonomiskt (hela samhället)",
    "Something went wrong": "Något gick fel",
    "Start the web application: scenarios, results per payer, reports, investments and their "
    "follow-up in the browser, with accounts and roles (see docs/web.md).": "Starta "
    "webbapplikationen: scenarier, resultat per aktör, rapporter, investeringar och deras "
    "uppföljning i webbläsaren, med konton och roller (se docs/web.md).",
    "Stop a user from logging in (their sessions end).": "Stoppa en användare från att logga "
    "in (hens sessioner avslutas).",
    "Stored runs": "Sparade körningar",
    "The address to listen on.": "Adressen att lyssna på.",
    "The address of the reverse proxy in front (e.g. 127.0.0.1): its X-Forwarded-For and "
    "X-Forwarded-Proto headers are trusted, so that the login rate limit counts per client, "
    "not per proxy.": "Adressen till den omvända proxyn framför (t.ex. 127.0.0.1): dess "
    "X-Forwarded-For och X-Forwarded-Proto litar vi på, så att gränsen för inloggningsförsök "
    "räknas per klient och inte per proxy.",
    "The file is larger than {size} bytes.": "Filen är större än {size} byte.",
    "The follow-up report of {name}": "Uppföljningsrapporten för {name}",
    "The full report of {name} version {number}": "Hela rapporten för {name} version {number}",
    "The name shown (default: the login name).": "Namnet som visas (standard: "
    "inloggningsnamnet).",
    "The organisation (municipality, region, agency).": "Organisationen (kommun, region, "
    "myndighet).",
    "The port to listen on.": "Porten att lyssna på.",
    "The request could not be handled.": "Begäran kunde inte hanteras.",
    "The same password again": "Samma lösenord igen",
    "The scenario file": "Scenariofilen",
    "The scenarios of your organisations; every saved edit is a new version.": "Dina "
    "organisationers scenarier; varje sparad ändring är en ny version.",
    "The user's login name.": "Användarens inloggningsnamn.",
    "There is nothing here, or it belongs to an organisation you are not a member of.": "Här "
    "finns ingenting, eller så hör det till en organisation du inte är medlem i.",
    "Threads for long work (draws, reports).": "Trådar för långa beräkningar (dragningar, "
    "rapporter).",
    "Too many failed logins. Try again in {minutes} minutes.": "För många misslyckade "
    "inloggningar. Försök igen om {minutes} minuter.",
    "Users": "Användare",
    "Version {number}": "Version {number}",
    "Working": "Arbetar",
    "Wrong login name or password.": "Fel inloggningsnamn eller lösenord.",
    "You have two jobs running already; wait for one of them to finish.": "Du har redan två "
    "beräkningar igång; vänta tills någon av dem är klar.",
    "Your role does not allow this (or the form had expired: reload the page and try "
    "again).": "Din roll tillåter inte detta (eller så hade formuläret gått ut: ladda om sidan "
    "och försök igen).",
    "a password needs at least {minimum} characters, this one has {found}": "ett lösenord "
    "behöver minst {minimum} tecken, det här har {found}",
    "a user called {login} exists already": "det finns redan en användare som heter {login}",
    "accounts need argon2-cffi: pip install 'socinvest[web]'": "konton behöver argon2-cffi: "
    "pip install 'socinvest[web]'",
    "active": "aktiv",
    "decided {date} by {body}": "beslutad {date} av {body}",
    "disabled": "avstängd",
    "expected a login name of 1 to {maximum} letters, digits and . _ @ -, found {found}":
    "väntade ett inloggningsnamn med 1 till {maximum} bokstäver, siffror och . _ @ -, fann "
    "{found}",
    "expected a role: {roles}, found {found}": "väntade en roll: {roles}, fann {found}",
    "no scenario {ref}": "inget scenario {ref}",
    "no user called {login}": "ingen användare som heter {login}",
    "saved {when} by {who}": "sparad {when} av {who}",
    "socinvest serves on http://{host}:{port}/ (stop with Ctrl+C)": "socinvest svarar på "
    "http://{host}:{port}/ (stoppa med Ctrl+C)",
    "version {number}": "version {number}",
    "viewer (reads), analyst (also saves and runs) or admin (also manages users).": "viewer "
    "(läser), analyst (sparar och kör också) eller admin (hanterar också användare).",
    "{draws} draws, seed {seed}": "{draws} dragningar, frö {seed}",
    "{file}: expected a UTF-8 text file": "{file}: väntade en textfil i UTF-8",
    "seed: expected a whole number from 0 to {maximum}, or nothing, found {found}": "frö: "
    "väntade ett heltal från 0 till {maximum}, eller inget, fann {found}",
    "{login} can log in again.": "{login} kan logga in igen.",
    "{login} can no longer log in.": "{login} kan inte längre logga in.",
    "{name} has no version {number}": "{name} har ingen version {number}",
    "A follow-up plan with {periods} periods and {indicators} indicators; {count} observed "
    "figures.": "En uppföljningsplan med {periods} perioder och {indicators} indikatorer; "
    "{count} observerade värden.",
    "Budget per year and payer (YAML)": "Budget per år och aktör (YAML)",
    "Decide an investment on this version": "Besluta en investering på den här versionen",
    "Deciding body (e.g. kommunfullmäktige)": "Beslutande organ (t.ex. kommunfullmäktige)",
    "Decision date": "Beslutsdatum",
    "Follow-up plan (YAML; replaces the current one)": "Uppföljningsplan (YAML; ersätter den "
    "nuvarande)",
    "For example:": "Till exempel:",
    "Name of the investment (default: the scenario's name)": "Investeringens namn (standard: "
    "scenariots namn)",
    "No follow-up plan yet.": "Ingen uppföljningsplan ännu.",
    "Observed figures (CSV or Excel)": "Utfall (CSV eller Excel)",
    "Record the decision": "Registrera beslutet",
    "Record them": "Registrera utfallet",
    "Save the plan": "Spara planen",
    "The stored run it was decided on (optional)": "Den sparade körning beslutet grundas på "
    "(valfritt)",
    "Whose figure the decision rests on (a payer id or perspective)": "Vems siffra beslutet "
    "vilar på (en aktörs id eller ett perspektiv)",
    "run: expected the number of a stored run of this version, or nothing, found {found}":
    "körning: väntade numret på en sparad körning av den här versionen, eller inget, fann "
    "{found}",
    "{file}: expected a .csv or .xlsx file of at most {size} bytes": "{file}: väntade en "
    ".csv- eller .xlsx-fil på högst {size} byte",
    "{file}: expected a UTF-8 text file of at most {size} bytes": "{file}: väntade en textfil "
    "i UTF-8 på högst {size} byte",
    "Your account": "Ditt konto",
    "Change your password": "Byt lösenord",
    "Current password": "Nuvarande lösenord",
    "New password (at least 10 characters)": "Nytt lösenord (minst 10 tecken)",
    "The new password again": "Det nya lösenordet igen",
    "Every session of yours ends; you log in again with the new password.": "Alla dina "
    "sessioner avslutas; du loggar in igen med det nya lösenordet.",
    "Change the password": "Byt lösenordet",
    "Too many failed attempts; try again later.": "För många misslyckade försök; försök igen "
    "senare.",
    "The current password is wrong.": "Det nuvarande lösenordet är fel.",
    "The two new passwords differ.": "De två nya lösenorden skiljer sig åt.",
}
