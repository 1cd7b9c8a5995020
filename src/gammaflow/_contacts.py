"""The site's local contacts (data/contacts.yaml): read, checked, compiled.

Each organisation that deploys the site sets its own contacts: its customs
office, the SAU as the customs publish it, its software editor, its EDI
provider. The file is read like the flow (_yaml: composed YAML, every error with
file:line:column, all errors at once) and compiled into the display data the
pages render (assistant.json's "contacts"): every role of ROLES, set or not.
A role that is not set carries what the operator can do meanwhile, in the
chart's own terms, so that no contact step is a dead end.

The roles are a fixed set, defined once here; the flow's nodes and steps
name the ones they need in « contacts: » (checked by the flow reader, _reader.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ._errors import FlowError, FlowInvalid, describe, did_you_mean
from ._markdown import URL
from ._yaml import TextReader, Value, read_text
from ._typography import NBSP, french


@dataclass(frozen=True)
class Role:
    """One kind of contact the procedure sends the operator to."""

    id: str
    label: str  # as the pages name it
    anchor: str  # its section of docs/contacts.md
    meanwhile: str  # where the operator finds the details meanwhile (the step's own text gives the chart's instructions)


ROLES: dict[str, Role] = {
    role.id: role
    for role in (
        Role("bureau-rattachement", "Bureau de douane de rattachement", "bureau",
             "retrouvez ses coordonnées dans vos propres dossiers ou sur douane.gouv.fr."),
        Role("bureau-gestionnaire", "Bureau gestionnaire", "bureau-gestionnaire",
             "demandez à votre bureau de douane de rattachement s'il s'agit de lui."),
        Role("sau", "SAU", "sau",
             "retrouvez son numéro sur douane.gouv.fr ou dans vos dossiers ; la demande "
             "d'assistance se dépose dans votre espace douane.gouv.fr."),
        Role("editeur", "Éditeur de logiciel (DTI+)", "editeur",
             "ses coordonnées figurent dans votre contrat ou la documentation du logiciel."),
        Role("prestataire-edi", "Prestataire EDI", "prestataire",
             "ses coordonnées figurent dans votre contrat avec lui."),
    )
}

# Roles that may point at another one (« same_as »), and the ones they may name.
SAME_AS = {"bureau-gestionnaire": ("bureau-rattachement",)}
# Roles whose details must say where they were published (their own channel).
SOURCE_REQUIRED = {"sau"}

TOP_KEYS = {"contacts"}
CONTACT_KEYS = {"name", "phones", "emails", "urls", "hours", "note", "source", "same_as"}
SAME_AS_KEYS = {"same_as", "note"}
PHONE_KEYS = {"number", "label"}
EMAIL_KEYS = {"address", "label"}
URL_KEYS = {"url", "label"}
HOURS_KEYS = {"days", "from", "to"}

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
# A French number: 10 digits starting with 0, or +33 and 9 digits; groups of
# two digits may be separated by a space or a dot.
PHONE = re.compile(r"^(?:0|\+33 ?)([1-9])((?:[ .]?\d{2}){4})$")
EMAIL = re.compile(
    r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$"
)
TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

PHONE_EXPECTED = "attendu un numéro français à 10 chiffres commençant par 0, ou +33 suivi de 9 chiffres (espaces ou points permis entre les paires de chiffres)"


# ---------------------------------------------------------------- reading

def load_contacts(path: str | Path) -> dict[str, dict[str, Any]]:
    """Read and check a contacts file: role → its checked details (only the
    roles it sets); raise FlowInvalid with every error found."""
    text = read_text(path)
    contacts, errors = parse_contacts(text, str(path))
    if errors:
        raise FlowInvalid(errors)
    return contacts


def parse_contacts(text: str, source: str = "<contacts>") -> tuple[dict[str, dict[str, Any]], list[FlowError]]:
    """The contacts of a YAML text, and the errors met on the way."""
    reader = TextReader(source)
    data = reader.root(text)
    if data is None:  # only comments (no contact set), or unreadable (errors say why)
        return {}, reader.errors
    contacts = _Contacts(reader).file(data)
    return contacts, reader.errors


class _Contacts:
    """Checks the file's values, reporting through the reader."""

    def __init__(self, reader: TextReader) -> None:
        self.r = reader

    def file(self, root: Value) -> dict[str, dict[str, Any]]:
        top = self.r.mapping(root, "le fichier")
        self.r.keys(top, TOP_KEYS, "le fichier")
        if "contacts" not in top or top["contacts"][1].value is None:
            return {}
        roles = self.r.mapping(top["contacts"][1], "'contacts'")
        found: dict[str, dict[str, Any]] = {}
        for name, (key, value) in roles.items():
            if name not in ROLES:
                self.r.error(key, f"rôle inconnu '{name}'{did_you_mean(name, set(ROLES))}\u00a0; attendu l'un de\u00a0: {', '.join(ROLES)}")
                continue
            if value.value is None:  # « sau: » alone: not set
                continue
            contact = self.contact(name, value)
            if contact is not None:
                found[name] = contact
        for name, contact in found.items():
            target = contact.get("same_as")
            if target and target not in found:
                at = contact["_same_as_at"]
                self.r.error(at, f"{self.where(name)}\u00a0: 'same_as' renvoie à '{target}', qui n'est pas renseigné dans ce fichier")
        for contact in found.values():
            contact.pop("_same_as_at", None)
        return found

    @staticmethod
    def where(role: str) -> str:
        return f"le contact '{role}'"

    def contact(self, role: str, at: Value) -> dict[str, Any] | None:
        where = self.where(role)
        items = self.r.mapping(at, where)
        if not isinstance(at.value, dict):
            return None
        if "same_as" in items:
            return self.same_as(role, items, where)
        self.r.keys(items, CONTACT_KEYS, where)
        contact: dict[str, Any] = {
            "name": self.text(items, "name", where),
            "phones": self.items(items, "phones", where, self.phone),
            "emails": self.items(items, "emails", where, self.email),
            "urls": self.items(items, "urls", where, self.url),
            "hours": self.hours(items, where),
            "note": self.text(items, "note", where),
            "source": self.text(items, "source", where),
        }
        # (An unknown key, « phone: » say, is told once, above: not as a missing way too.)
        if not ({"phones", "emails", "urls"} & set(items)) and set(items) <= CONTACT_KEYS:
            self.r.error(at, f"{where}\u00a0: aucun moyen de le joindre\u00a0; attendu au moins 'phones', 'emails' ou 'urls'")
        if role in SOURCE_REQUIRED and "source" not in items:
            self.r.error(at, f"{where}\u00a0: le champ 'source' est obligatoire (où ces coordonnées sont publiées par le service lui-même, par exemple la page de douane.gouv.fr qui les donne)")
        return contact

    def same_as(self, role: str, items: dict, where: str) -> dict[str, Any] | None:
        _, value = items["same_as"]
        allowed = SAME_AS.get(role, ())
        for name, (key, _) in items.items():
            if name not in SAME_AS_KEYS:
                hint = f"clé inconnue '{name}' dans {where}{did_you_mean(name, CONTACT_KEYS)}" if name not in CONTACT_KEYS else None
                self.r.error(key, hint or f"{where}\u00a0: '{name}' avec 'same_as'\u00a0; avec 'same_as', seul 'note' est permis (les coordonnées sont celles de '{value.value}')")
        if not allowed:
            self.r.error(items["same_as"][0], f"{where}\u00a0: 'same_as' n'est permis que pour {', '.join(repr(r) for r in SAME_AS)}")
            return None
        if value.value not in allowed:
            self.r.error(value, f"{where}\u00a0: 'same_as' doit valoir {' ou '.join(repr(r) for r in allowed)}, trouvé {describe(value.value)}")
            return None
        return {"same_as": value.value, "note": self.text(items, "note", where), "_same_as_at": value}

    # -- fields -------------------------------------------------------------

    def text(self, items: dict, name: str, where: str) -> str:
        if name not in items:
            return ""
        _, value = items[name]
        if not isinstance(value.value, str) or not value.value.strip():
            self.r.error(value, f"{where}\u00a0: '{name}' doit être un texte non vide, trouvé {describe(value.value)}")
            return ""
        return " ".join(value.value.split())

    def items(self, items: dict, name: str, where: str, check) -> list[dict[str, str]]:
        if name not in items:
            return []
        _, value = items[name]
        entries = value.value if isinstance(value.value, list) else None
        if not entries:
            self.r.error(value, f"{where}\u00a0: '{name}' doit être une liste non vide, trouvé {describe(value.value)}")
            return []
        found = [check(entry, where) for entry in entries]
        return [entry for entry in found if entry is not None]

    def entry(self, at: Value, main: str, allowed: set[str], what: str, where: str) -> tuple[Value, str] | None:
        """One list entry: a text (its main value) or a mapping {main, label}."""
        if isinstance(at.value, str):
            return at, ""
        fields = self.r.mapping(at, f"{what} ({where})")
        if not isinstance(at.value, dict):
            return None
        self.r.keys(fields, allowed, f"{what} ({where})")
        if main not in fields:
            self.r.error(at, f"{where}\u00a0: {what} sans '{main}'")
            return None
        label = self.text(fields, "label", where)
        return fields[main][1], label

    def phone(self, at: Value, where: str) -> dict[str, str] | None:
        found = self.entry(at, "number", PHONE_KEYS, "un téléphone", where)
        if found is None:
            return None
        value, label = found
        match = PHONE.match(value.value.strip()) if isinstance(value.value, str) else None
        if match is None:
            self.r.error(value, f"{where}\u00a0: numéro de téléphone mal formé {_shown(value.value)}\u00a0; {PHONE_EXPECTED}")
            return None
        digits = match.group(1) + re.sub(r"\D", "", match.group(2))
        pairs = [digits[i:i + 2] for i in range(1, 9, 2)]
        international = value.value.strip().startswith("+")
        shown = (f"+33{NBSP}{digits[0]}" if international else f"0{digits[0]}") + "".join(NBSP + pair for pair in pairs)
        return {"number": shown, "tel": f"+33{digits}", "label": french(label)}

    def email(self, at: Value, where: str) -> dict[str, str] | None:
        found = self.entry(at, "address", EMAIL_KEYS, "un courriel", where)
        if found is None:
            return None
        value, label = found
        if not isinstance(value.value, str) or not EMAIL.match(value.value.strip()):
            self.r.error(value, f"{where}\u00a0: adresse électronique mal formée {_shown(value.value)}\u00a0; attendu nom@domaine.fr")
            return None
        return {"address": value.value.strip(), "label": french(label)}

    def url(self, at: Value, where: str) -> dict[str, str] | None:
        found = self.entry(at, "url", URL_KEYS, "un lien", where)
        if found is None:
            return None
        value, label = found
        text = value.value.strip() if isinstance(value.value, str) else ""
        if not URL.match(text) or not urlsplit(text).hostname:
            self.r.error(value, f"{where}\u00a0: lien mal formé {_shown(value.value)}\u00a0; attendu une adresse http:// ou https://")
            return None
        return {"url": text, "label": french(label)}

    def hours(self, items: dict, where: str) -> list[str]:
        """The opening hours, as French sentences: one per run of days."""
        if "hours" not in items:
            return []
        _, value = items["hours"]
        if not isinstance(value.value, list) or not value.value:
            self.r.error(value, f"{where}\u00a0: 'hours' doit être une liste non vide de plages (days, from, to), trouvé {describe(value.value)}")
            return []
        runs: list[tuple[str, list[str]]] = []
        for entry in value.value:
            fields = self.r.mapping(entry, f"une plage horaire ({where})")
            if not isinstance(entry.value, dict):
                continue
            self.r.keys(fields, HOURS_KEYS, f"une plage horaire ({where})")
            missing = [name for name in ("days", "from", "to") if name not in fields]
            if missing:
                self.r.error(entry, f"{where}\u00a0: une plage horaire sans {', '.join(repr(m) for m in missing)}\u00a0; attendu days (ex. « lundi-vendredi »), from et to (ex. « 08:30 » et « 18:00 »)")
                continue
            days = self.days(fields["days"][1], where)
            start = self.time(fields["from"][1], where)
            end = self.time(fields["to"][1], where)
            if start is None or end is None or days is None:
                continue
            if start >= end:
                self.r.error(fields["to"][1], f"{where}\u00a0: la plage finit ({fields['to'][1].value}) avant ou quand elle commence ({fields['from'][1].value})\u00a0; attendu from avant to")
                continue
            span = f"de {_french_time(start)} à {_french_time(end)}"
            if runs and runs[-1][0] == days:
                runs[-1][1].append(span)
            else:
                runs.append((days, [span]))
        return [f"{days}, {' et '.join(spans)}" for days, spans in runs]

    def days(self, at: Value, where: str) -> str | None:
        """« lundi-vendredi », « samedi » or « lundi, mercredi », in French words."""
        text = at.value.strip().lower() if isinstance(at.value, str) else ""
        expected = "attendu un jour (« samedi »), une suite de jours (« lundi-vendredi ») ou une liste (« lundi, jeudi »)"
        if not text:
            self.r.error(at, f"{where}\u00a0: 'days' vide ou mal formé ({describe(at.value)})\u00a0; {expected}")
            return None
        names = [part.strip() for part in re.split(r"\s*-\s*", text)] if "-" in text else [part.strip() for part in text.split(",")]
        for name in names:
            if name not in DAYS:
                self.r.error(at, f"{where}\u00a0: jour inconnu '{name}'{did_you_mean(name, set(DAYS))}\u00a0; {expected}")
                return None
        if "-" in text:
            if len(names) != 2 or DAYS.index(names[0]) >= DAYS.index(names[1]):
                self.r.error(at, f"{where}\u00a0: suite de jours '{at.value}' invalide\u00a0; attendu le premier jour puis le dernier, dans l'ordre de la semaine (« lundi-vendredi »)")
                return None
            return f"du {names[0]} au {names[1]}"
        if len(set(names)) != len(names):
            self.r.error(at, f"{where}\u00a0: jour en double dans '{at.value}'")
            return None
        if len(names) == 1:
            return f"le {names[0]}"
        return f"les {', '.join(names[:-1])} et {names[-1]}"

    def time(self, at: Value, where: str) -> int | None:
        """A time HH:MM, in minutes since midnight."""
        match = TIME.match(at.value.strip()) if isinstance(at.value, str) else None
        if match is None:
            self.r.error(at, f"{where}\u00a0: heure mal formée {_shown(at.value)}\u00a0; attendu HH:MM sur 24 heures (« 08:30 », « 17:45 »)")
            return None
        return int(match.group(1)) * 60 + int(match.group(2))


def _shown(value: Any) -> str:
    """A wrong value as the author wrote it: « '0X XX' », or its kind (« une liste »)."""
    return f"'{value}'" if isinstance(value, str) else f"({describe(value)})"


def _french_time(minutes: int) -> str:
    """« 8 h 30 », « 18 h » (no-break spaces)."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}{NBSP}h" + (f"{NBSP}{rest:02d}" if rest else "")


# ---------------------------------------------------------------- compiling

def contacts_data(contacts: dict[str, dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    """The display data of every role, in ROLES's order: set (its details,
    those of the role it is the same as) or not (what to do meanwhile)."""
    contacts = contacts or {}
    compiled = {}
    for role in ROLES.values():
        entry = contacts.get(role.id)
        same = ROLES[entry["same_as"]] if entry and entry.get("same_as") else None
        details = contacts.get(same.id) if same else entry
        compiled[role.id] = {
            "label": role.label,
            "anchor": role.anchor,
            "set": details is not None,
            "same_as": {"role": same.id, "label": same.label} if same else None,
            "name": french(details["name"]) if details else "",
            "phones": list(details["phones"]) if details else [],
            "emails": list(details["emails"]) if details else [],
            "urls": list(details["urls"]) if details else [],
            "hours": [french(line) for line in details["hours"]] if details else [],
            "source": french(details["source"]) if details else "",
            "note": french(entry["note"]) if entry else "",
            "meanwhile": french(role.meanwhile),
        }
    return compiled
