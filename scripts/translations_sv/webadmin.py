"""Swedish for the web application's API tokens and the admin's user management
(issue 15)."""

SV = {
    # The store.
    "expected a token name of 1 to {maximum} printable characters, found {found}":
    "förväntade ett namn på nyckeln med 1 till {maximum} skrivbara tecken, fann {found}",
    "{login} is disabled and cannot have a new token": "{login} är avstängd och kan inte få "
    "en ny nyckel",
    "{login} has no token {id}": "{login} har ingen nyckel {id}",
    "{login} is the last admin of {organisation}: make another member admin first":
    "{login} är den sista administratören i {organisation}: gör först en annan medlem till "
    "administratör",
    "no such member of the organisation": "ingen sådan medlem i organisationen",
    "no such user": "ingen sådan användare",
    "you cannot disable your own account; another admin can": "du kan inte stänga av ditt "
    "eget konto; en annan administratör kan",
    # The users page.
    "{login} is also a member of an organisation you do not administer; an admin of every "
    "organisation of theirs, or socinvest admin disable|enable, can change the account.":
    "{login} är också medlem i en organisation som du inte administrerar; en administratör "
    "i alla användarens organisationer, eller socinvest admin disable|enable, kan ändra "
    "kontot.",
    "Change role": "Ändra roll",
    "Enable": "Aktivera",
    "Disable": "Stäng av",
    "Every change is written to the audit log. An organisation keeps at least one admin; "
    "nobody disables their own account. A disabled user's sessions and API tokens stop "
    "working at once.": "Varje ändring skrivs i ändringsloggen. En organisation behåller "
    "minst en administratör; ingen kan stänga av sitt eget konto. En avstängd användares "
    "inloggningar och API-nycklar slutar fungera direkt.",
    # The account page.
    "API tokens for scripts": "API-nycklar för skript",
    "A script calls the JSON API under /api with the header Authorization: Bearer followed "
    "by the token. A token acts as you, with your roles; revoke it when it is no longer "
    "needed.": "Ett skript anropar JSON-API:t under /api med huvudet Authorization: Bearer "
    "följt av nyckeln. En nyckel agerar som du, med dina roller; återkalla den när den inte "
    "längre behövs.",
    "Your new token. Copy it now: it is shown only this once (only its hash is stored).":
    "Din nya nyckel. Kopiera den nu: den visas bara denna gång (bara dess hashvärde "
    "sparas).",
    "Token": "Nyckel",
    "Created": "Skapad",
    "Last used": "Senast använd",
    "never": "aldrig",
    "Revoke": "Återkalla",
    "revoked": "återkallad",
    "Name of the new token (what it is for)": "Namn på den nya nyckeln (vad den är till för)",
    "Create a token": "Skapa en nyckel",
    # The CLI.
    "The login name of the token's user.": "Inloggningsnamnet för nyckelns användare.",
    "Who makes the change, for the audit log (default: your login name).": "Vem som gör "
    "ändringen, för ändringsloggen (standard: ditt inloggningsnamn).",
    "Make a personal API token of a user, for scripts (Authorization: Bearer TOKEN on /api). "
    "The token is printed once; only its hash is stored.": "Skapa en personlig API-nyckel "
    "för en användare, för skript (Authorization: Bearer NYCKEL mot /api). Nyckeln skrivs ut "
    "en gång; bara dess hashvärde sparas.",
    "What the token is for.": "Vad nyckeln är till för.",
    "Token {id} ({name}) of {login}; copy it now, it is not shown again:": "Nyckel {id} "
    "({name}) för {login}; kopiera den nu, den visas inte igen:",
    "List a user's API tokens (never the tokens themselves).": "Lista en användares "
    "API-nycklar (aldrig själva nycklarna).",
    "{login} has no tokens.": "{login} har inga nycklar.",
    "never used": "aldrig använd",
    "last used {when}": "senast använd {when}",
    "active": "aktiv",
    "revoked {when}": "återkallad {when}",
    "Revoke one of a user's API tokens (at once).": "Återkalla en av en användares "
    "API-nycklar (direkt).",
    "The token's id (list-tokens).": "Nyckelns id (list-tokens).",
    "Token {id} of {login} revoked.": "Nyckel {id} för {login} återkallad.",
}
