"""Context rules: what the lexicons alone get wrong.

Each rule has one job and says which near-miss of the labelling guide
(``spec/note-categories.md``, "examples that do NOT") it keeps out, or which
finding a bare term list cannot make (a man living with "son compagnon").
They run only on notes where the automaton found something, on the folded
text, with plain ``re``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from carnet.guard.lexicon import Candidate
from carnet.guard.normalize import FoldedText

# --- Regions where a term names a place, an organisation or a person --------

# "habite rue de l'Église", "se gare rue du Temple", "place Saint-Pierre".
_ADDRESS = re.compile(
    r"\b(?:rue|avenue|av|bd|boulevard|place|impasse|chemin|allee|quai|square|route|"
    r"cours|passage|residence|cite|lotissement|parvis|sentier|hameau|lieu-dit|"
    r"rond-point)\s+"
    # "passage aux urgences", "passage de l'infirmière" are visits, not streets
    r"(?!(?:aux|au|a|en|chez|par|pour|sous|dans|le|les|un|une|de\s+l'infirm\w*|ide|infirmi\w*)\b)"
    r"(?:de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+|d')?"
    r"[\w'-]+(?:\s+[\w'-]+)?"
)
# "école Sainte-Marie", "Secours catholique", "lycée Saint-Joseph",
# "institut Pasteur": an employer or a school, not a belief.
_INSTITUTION = re.compile(
    r"\b(?:ecole|college|lycee|ehpad|clinique|hopital|institution|institut|fondation|"
    r"association|centre|maison|universite|faculte|groupe scolaire|foyer|secours|"
    r"restos?|club|cimetiere|musee|hospice|creche)\s+(?:de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+)?"
    r"(?:saint|sainte|st|ste|notre[- ]dame|sacre|jeanne|pasteur|catholique|protestant\w*|"
    r"juive?|israelite|islamique|evangelique|adventiste|chretien\w*|"
    r"musulman\w*|diaconesses)[\w'-]*"
)
_FAMILY_NAME = re.compile(r"\bfamille\s+([\w-]+)")
# Addresses, institutions and, after a title or a name field, surnames
# ("M. Chrétien", "Mme Malin", "Dr Noël", "nom de naissance : Bourgeois"),
# in one pass. The masked part of a match is its named group: for a surname,
# the words after the title, not the title itself.
_NEUTRAL = re.compile(
    "(?P<address>" + _ADDRESS.pattern + ")"
    "|(?P<institution>" + _INSTITUTION.pattern + ")"
    r"|\b(?:m\.|m(?=\s+[a-z]{3,})|mr\.?|mme|mlle|madame|monsieur|dr\.?|docteur|pr\.|me\.)\s+"
    r"(?P<name>(?:(?:le|la|de|du|da|van|von|di|des|ben|el)\s+)?[\w-]+)"
    r"|\b(?:nom(?:\s+de\s+(?:naissance|famille|jeune fille))?|nom d'usage|prenom|"
    r"boite aux lettres|homonyme|ne pas confondre avec)\s*:?\s*(?P<field>(?:[\w-]+\s+)?[\w-]+)"
)
# Insurance and public schemes that carry "maladie" or "santé".
_SCHEMES = re.compile(
    r"\b(?:caisse\s+(?:primaire\s+)?d'|carte\s+europeenne\s+d')?assurance[s]?\s+maladie"
    r"|\bfaute de frappe|\bbureau de tabac|\bbar[- ]tabac|\btabac[- ]presse"
    r"|\bmanipulat\w*\s+(?:en\s+|d')?(?:radio|electro)\w*"
)
_SCHEMES_WORDS = ("assurance", "faute de frappe", "tabac", "manipulat")
# Not trade unions: "syndic de copropriété", "syndicat des eaux".
_NOT_UNION = re.compile(
    # (the first word also in its common misspellings: "sydnicat des eaux")
    r"\bs[a-z]{6,8}\s+(?:des\s+eaux|d'initiative|intercommunal|mixte|de\s+copropriete|"
    r"des\s+coproprietaires|d'agglomeration|de\s+communes|agricole\s+d'irrigation)"
    r"|\bconseil\s+syndical|\bsyndic\b"
)
# Workplaces and services: "surveillant pénitentiaire à la maison d'arrêt",
# "infirmière aux urgences", "éducatrice à la PJJ" describe a job.
_JOB = re.compile(
    r"\b(?:travaille\w*|travaillant|employe\w*|surveillant\w*|agent\w*|greffi\w*|"
    r"educat\w*|infirmi\w*|aide-soignant\w*|aide soignant\w*|secretaire|brancardier\w*|"
    r"interne|policier\w*|policiere|gendarme|magistrat\w*|benevole\w*|stagiaire\w*|"
    r"cadre|directeur|directrice|chef|guide|professeur\w*|prof|instituteur|institutrice|conseill\w*|"
    r"medecin|pharmacien\w*|kine\w*|psychologue|avocat\w*|cantiniere|agent|aumonier|"
    r"retraite\w* de|ancien\w* de|poste a|poste aux|mutation a|en stage|"
    r"(?:gardien|visiteu|intervenan|enseignan|directeu|formateu|benevol)\w*\s+(?:de|en|des|a\s+la|au))\b"
    r"[^.;!|/+\n()]{0,45}"
)
_PLACE_TERMS = (
    "prison", "maison d'arret", "penitentiaire", "centre de detention", "centre penitentiaire",
    "pjj", "spip", "probation", "fleury", "fresnes", "baumettes", "tribunal", "cour d'assises", "srpj", "police judiciaire",
    "psychiatr", "pedopsy", "cmp", "cmpp", "cattp", "epsm", "chs", "urgences", "aux urgences",
    "samu", "rea", "reanimation", "soins intensifs", "maternite", "oncolog", "cancerolog",
    "cardiolog", "neurolog", "hematolog", "nephrolog", "gyneco", "obstetri", "geriatr",
    "gerontolog", "dialys", "had", "hdj", "ehpad", "en ehpad", "hopital de jour", "ssiad", "ssr", "ime", "esat",
    "itep", "sessad", "ulis", "usld", "unite alzheimer", "centre de reeducation", "csapa",
    "caarud", "addictolog", "alcoolog", "chimio", "radiotherap", "pediatr", "soins palliatifs",
    "planning familial", "cpef", "paroisse", "eglise", "synagogue", "mosquee", "cateche",
)


@functools.lru_cache(maxsize=None)
def _is_place_term(term: str) -> bool:
    bare = term.rstrip("*")
    if bare.startswith("en "):  # "travaille en prison", "infirmière en réa"
        bare = bare[3:]
    return any(bare.startswith(stem) for stem in _PLACE_TERMS)


def _regions(pattern: re.Pattern[str], folded: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(folded)]


def _inside(candidate: Candidate, regions: Iterable[tuple[int, int]]) -> bool:
    return any(start <= candidate.start and candidate.end <= end for start, end in regions)


def _starts_inside(candidate: Candidate, regions: Iterable[tuple[int, int]]) -> bool:
    return any(start <= candidate.start < end for start, end in regions)


def _neutral_regions(text: FoldedText, triggers: list[int]) -> list[tuple[int, int]]:
    """Addresses, institutions and surnames: where no term is a finding. The
    pattern is tried only where the automaton saw a word that can open one."""
    regions = []
    for position in triggers:
        match = _NEUTRAL.match(text.folded, position)
        if match:
            regions.append(match.span(match.lastgroup))
    if "famille" in text.folded:
        for match in _FAMILY_NAME.finditer(text.folded):
            start, end = text.original_span(*match.span(1))
            word = text.original[start:end]
            if word[:1].isupper() and not word.isupper():  # "Famille Sauvage", not "famille rom"
                regions.append(match.span(1))
    return regions


# --- Terms that only count with a cue ---------------------------------------

# Short or common acronyms that are sensitive only in capitals ("AIT" is a
# transient ischaemic attack, "ait" a verb).
_CAPITALS_ONLY = frozenset(
    ("pai", "ait", "toc", "ic", "did", "had", "hp", "sla", "sep", "gir", "ime", "img", "avs",
     "fiv", "rea", "chs", "cef", "epm", "sme", "jap", "gav", "tig", "lo", "ts",
     "fo", "sud", "cnt", "cgc", "smg", "fage", "ps", "lr", "rn", "fn", "ase")
)
# These may be typed in lower case when a cue says what they are.
_LOWERCASE_WITH_CUE = {
    "fo": "union", "sud": "union", "cnt": "union", "cgc": "union", "smg": "union",
    "ps": "politics", "lr": "politics", "rn": "politics", "fn": "politics", "lo": "politics",
}
_UNION_CUE = re.compile(
    r"\b(?:syndiqu\w*|syndica\w*|delegu\w*|adher\w*|milit\w*|carte|represent\w*|elue?s?|membre|"
    r"encart\w*|section|permanence|chez|greve\w*|grevist\w*|cse|ce|secretaire)\b"
)
_UNION_AFTER = re.compile(r"^\W{0,3}(?:rail|sante|education|ptt|poste|solidaires|cheminots|"
                          r"au\s+cse|cse|\))")
_POLITICS_CUE = re.compile(
    r"\b(?:vot\w*|milit\w*|adher\w*|encart\w*|sympathis\w*|elue?s?|candidat\w*|liste|"
    r"soutien\w*|soutient|pro|anti|fan|carte|membre|parti|chez|pour|tract\w*|campagne|"
    r"electeur\w*|electrice\w*|proche)\b"
)
_AMBIGUOUS_POLITICS = frozenset(
    ("udi", "modem", "renaissance", "en marche", "horizons", "patriotes", "les patriotes",
     "macron", "sarkozy", "hollande", "les verts", "generation.s", "place publique", "ump")
)
_GENERIC_POLITICS = frozenset(
    ("militant*", "milite*", "militantisme", "encarte*", "sympathisant*", "adherent")
)
_NOT_TS_AFTER = re.compile(r"^\s+(?:les|le|la|mes|tes|ses|nos|vos|leurs|ces|deux|trois|jours|"
                           r"mois|ans|soirs|matins)\b")
_DIGIT_BEFORE = re.compile(r"\d\s*$")
# Languages: "parle arabe", "interprète en kurde", "bilingue français/somali".
_LANGUAGE_TERMS = frozenset(
    ("arabe", "arabes", "kurde*", "berbere*", "kabyle*", "creole*", "tamoul*", "armenien*",
     "peul*", "tchetchene*", "amazigh*", "rom", "rrom", "turc", "soninke*", "haoussa*",
     "pachtoune*", "hmong*")
)
_LANGUAGE_CUE = re.compile(
    r"(?:\b(?:parl\w*|langue\w*|interpret\w*|tradu\w*|bilingue\w*|comprend\w*|lit|ecrit|"
    r"cours|en|l'|d'|et|ou|francais|anglais)\s*/?\s*|/\s*)"
    r"(?:(?:le|la|l'|un\s+peu(?:\s+de)?|et|ou|aussi|bien|mal|couramment|surtout|seulement|"
    r"uniquement)\s*)*$"
)
_STOLEN_OBJECT = re.compile(r"\b(?:sac|portefeuille|papiers|carte\w*|telephone|portable|velo|"
                            r"voiture|cb|vehicule|affaires|cles|bijoux|scooter|moto)\b")
_SIDE_OF = re.compile(r"\b(?:porte|cote|main|bras|jambe|oeil|rein|sein|poumon|pied|genou|hanche|"
                      r"epaule|couloir|bureau|salle|batiment|escalier|ascenseur|place|file|voie|"
                      r"colonne|aile|rangee|cabine|oreille|fenetre|case|colonne)s?\s+$")
_VICTIM_BEFORE = re.compile(r"\bvictimes?\b[^.;!|\n]{0,25}$")
_NEGATION_BEFORE = re.compile(
    r"(?:\b(?:pas|aucune?|sans|ni|non|jamais|nie|denie|absence)\b(?:\s+(?:de|d'|d|du|des))?\s*)$"
)
_HEARSAY = re.compile(
    r"\b(?:d'apres|selon|serait|seraient|aurait|auraient|semble\w*|soupcon\w*|suspicion|"
    r"rumeur|dit\s+que|dirait|parait\s+il|parait-il|pense\s+que|probablement|peut-etre)\b"
)


def _capitals_ok(candidate: Candidate, text: FoldedText, all_caps_note: bool) -> bool:
    start, end = text.original_span(candidate.start, candidate.end)
    original = text.original[start:end]
    letters = [c for c in original if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and not (
        all_caps_note and candidate.term in _LOWERCASE_WITH_CUE
    )


def _has_cue(candidate: Candidate, folded: str, cue: re.Pattern[str], span: int = 35) -> bool:
    before = folded[max(0, candidate.start - span):candidate.start]
    return bool(cue.search(before))


# --- The rules. Each returns True when the candidate is a near-miss. --------

def _in_neutral_region(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return _inside(c, masks.neutral)  # "rue de l'Église", "M. Chrétien", "école Sainte-Marie"


def _in_insurance_scheme(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return _inside(c, masks.schemes)  # "assurance maladie", "faute de frappe", "bureau de tabac"


def _not_a_trade_union(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return _starts_inside(c, masks.not_union)  # "syndicat des eaux", "conseil syndical"


def _names_a_workplace(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return _starts_inside(c, masks.jobs)  # "infirmière aux urgences"


def _is_a_postscript(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return bool(re.match(r"^\s*[:.-]", text.folded[c.end:]))  # "PS : rappeler la veille"


def _lacks_a_political_cue(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return not _has_cue(c, text.folded, _POLITICS_CUE)  # "Hollande", "renaissance"


def _is_a_road(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return bool(re.match(r"^\s*\d", text.folded[c.end:]))  # "RN 7"


def _lower_case_acronym(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    """"AIT" is an attack, "ait" a verb; "vient ts les jours" is "tous"."""
    if _capitals_ok(c, text, masks.all_caps):
        return False
    if c.term in _LOWERCASE_WITH_CUE:
        return not _has_cue(c, text.folded, _UNION_CUE if c.category == "union" else _POLITICS_CUE)
    if c.term == "ts":
        return bool(_NOT_TS_AFTER.match(text.folded[c.end:]))
    return True


def _is_a_compass_point(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    """"Sud-Ouest", or "ZONE SUD" in a note typed in capitals."""
    after = text.folded[c.end:]
    if re.match(r"^\s*-?\s*(?:ouest|est)\b", after):
        return True
    return masks.all_caps and not (_has_cue(c, text.folded, _UNION_CUE) or _UNION_AFTER.match(after))


def _lacks_a_union_cue(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return not _has_cue(c, text.folded, _UNION_CUE)  # "restons solidaires"


def _is_a_date(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return bool(_DIGIT_BEFORE.search(text.folded[:c.start]))  # "12 sep"


def _names_a_union(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    """"militante CFDT", "encarté chez FO": a union, not a party."""
    return any(start >= c.start and start - c.end < 30 for start in masks.union_starts)


def _is_a_language(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return bool(_LANGUAGE_CUE.search(text.folded[max(0, c.start - 40):c.start]))  # "parle arabe"


def _patient_is_the_victim(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return bool(_VICTIM_BEFORE.search(text.folded[max(0, c.start - 40):c.start]))


def _stolen_from_the_patient(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    """"portefeuille volé dans le bus": the patient is the victim."""
    start, end = text.original_span(c.start, c.end)
    return "é" in text.original[start:end].lower() or bool(
        _STOLEN_OBJECT.search(text.folded[max(0, c.start - 30):c.start]))


def _voting_as_such(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    """"vote par procuration", "bureau de vote": no opinion in it."""
    return bool(
        re.match(r"^\s+(?:par\s+procuration|par\s+correspondance|electronique)", text.folded[c.end:])
        or re.search(r"\b(?:bureau|droit|carte)\s+de\s+$", text.folded[:c.start]))


def _side_of_something(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return bool(_SIDE_OF.search(text.folded[:c.start]))  # "porte de gauche"


def _faith_idiom(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return bool(re.search(r"(?:bonne|mauvaise|faisant|ma)\s+$", text.folded[:c.start]))  # "de bonne foi"


def _polite_request(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return text.folded[c.end:].lstrip().startswith("de ")  # "prière de rappeler"


def _undeclared_work(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return bool(re.search(r"\bau\s+$", text.folded[:c.start]))  # "travaille au black"


def _sentenced_by_illness(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return text.folded[c.end:].startswith(" par les medecins")  # "condamné par les médecins"


_PROFESSION_AFTER = re.compile(r"^\s+(?:de\s+(?:profession|metier|formation)|liberale?s?\b)")


def _names_a_profession(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return bool(_PROFESSION_AFTER.match(text.folded[c.end:]))  # "ostéopathe de métier"


# A care profession named as the patient's own job: "Psychologue scolaire",
# "Orthophoniste, joignable après 18h", "travaille comme sage-femme" (but
# "suivi chez la psychologue", "RDV kiné mardi" are care).
_CARE_PROFESSIONS = frozenset(
    ("psychiatr*", "psycholog*", "psychomotric*", "psychomot*", "orthophon*", "orthoptist*",
     "neurolog*", "cardiolog*", "oncolog*", "rhumatolog*", "dermatolog*", "urolog*", "gynecolog*",
     "sage-femme", "sage femme", "addictolog*", "sexolog*", "ophtalmolog*", "kine*",
     "kinesitherap*", "ergotherap*", "orthodont*", "chirurgie*", "podologie", "diagnostique*")
)
_PERSON_NOUN = re.compile(r"(?:ogue|iste|ien|ienne|eute|eut|ute|e-femme|e femme|kine|icien|icienne|"
                          r"iens|iennes|ogues|istes|eutes|iatre|iatres)$")
_JOB_BEFORE = re.compile(
    r"(?:\b(?:travaille\w*\s+comme|exerce\s+comme|metier\s*:?|profession\s*:?|est|ancien\w*|"
    r"retraite\w*|etudiant\w*\s+en|interne\s+en|future?|stagiaire|devenir|formation\s+de)"
    r"\s+(?:une?\s+)?$)"
)
_CLAUSE_START = re.compile(r"(?:^|[.;!|/+\n(*]|--|\s-\s|:)\s*$")
_JOB_AFTER = re.compile(
    r"^\s*(?:de\s+(?:profession|metier|formation)|liberale?s?\b|scolaire|hospitali\w*|"
    r"retraite\w*|a\s+la\s+retraite|en\s+(?:ehpad|clinique|creche|hopital|liberal|cabinet|"
    r"psychiatrie|maternite|pmi|ime|esat)\b|a\s+l'hopital|a\s+la\s+clinique|au\s+(?:chu|ch|cabinet)\b|"
    r"dans\s+(?:un|une|le|la)\s+(?:cabinet|clinique|hopital|ehpad|ecole|college|lycee|centre)|"
    r"[,:]\s*(?:joignable|horaires?|dispo\w*|travaille|planning|astreintes?|de\s+garde|exerce|"
    r"installe\w*|souvent\s+en|absente?|libre\s+le))"
)


def _is_the_patients_job(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    word = text.folded[c.start:c.end]
    if word.startswith("diagnostiqueu"):  # diagnostics of a house for sale
        return True
    if not _PERSON_NOUN.search(word):  # "cardiologie", "psychiatrique": care, not a job
        return False
    before = text.folded[max(0, c.start - 40):c.start]
    if _JOB_BEFORE.search(before):
        return True
    return bool(_CLAUSE_START.search(before) and _JOB_AFTER.match(text.folded[c.end:]))


# The patient stands in a trial as a witness, a juror or the injured party.
_WITNESS_AFTER = re.compile(r"^[^.;!|\n]{0,30}?\b(?:comme|en tant que)\s+(?:temoin|jure\w*|partie civile)")


def _patient_is_a_witness(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return bool(_WITNESS_AFTER.match(text.folded[c.end:]))


_ADMINISTRATIVE_THREAT = re.compile(
    r"^\w*\s+(?:d'|de\s+)(?:expulsion|coupure|resiliation|radiation|licenciement|fermeture|saisie|"
    r"suspension|penalites?|poursuites?\s+de\s+la\s+banque)")


def _administrative_threat(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return bool(_ADMINISTRATIVE_THREAT.match(text.folded[c.start:]))  # "menace d'expulsion"


# The patient suffered the offence: "arnaquée par un faux conseiller",
# "s'est fait escroquer", "cambriolé par des jeunes" (a victim, as "victime de").
_SUFFERED_WORD = re.compile(r"(?:arnaqu|escroqu|vol|cambriol|racket|braqu|depouill)\w*")
_PARTICIPLE_BY = re.compile(r"^\s+par\b")
_MADE_TO_SUFFER = re.compile(r"\b(?:s'est|se\s+sont|se|s'etait|s'etaient)\s+fait\w*\s+$")


def _suffered_by_the_patient(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    word = text.folded[c.start:c.end]
    if not _SUFFERED_WORD.fullmatch(word):
        return False
    if _MADE_TO_SUFFER.search(text.folded[max(0, c.start - 20):c.start]):
        return True
    return word.endswith(("e", "es")) and not word.endswith("ue") and bool(
        _PARTICIPLE_BY.match(text.folded[c.end:]))


def _grumpy_sleeper(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return bool(re.search(r"\bmauvaise?\s+$", text.folded[:c.start]))  # "mauvais coucheur"


def _named_after_pasteur(c: Candidate, text: FoldedText, masks: "Masks") -> bool:
    return bool(re.search(r"\b(?:institut|louis|lycee|college|ecole|rue)\s+$", text.folded[:c.start]))


_TERM_RULES = {
    "ps": (_is_a_postscript,),
    "lo": (_lacks_a_political_cue,),
    "lr": (_lacks_a_political_cue,),
    "rn": (_is_a_road,),
    "fn": (_is_a_road,),
    "solidaires": (_lacks_a_union_cue,),
    "sep": (_is_a_date,),
    "vole dans": (_stolen_from_the_patient,),
    "vote": (_voting_as_such,),
    "votes": (_voting_as_such,),
    "voter": (_voting_as_such,),
    "de gauche": (_side_of_something,),
    "de droite": (_side_of_something,),
    "foi": (_faith_idiom,),
    "priere*": (_polite_request,),
    "pasteur*": (_named_after_pasteur,),
    "black": (_undeclared_work,),
    "coucheur": (_grumpy_sleeper,),
    "coucheuse": (_grumpy_sleeper,),
    "condamn*": (_sentenced_by_illness,),
    "arnaqueu*": (_suffered_by_the_patient,),
    "menace*": (_administrative_threat,),
    "menacee*": (_administrative_threat,),
}


@functools.lru_cache(maxsize=None)
def _rules_for(category: str, term: str) -> tuple:
    """The rules that apply to one (category, term): decided once per term."""
    rules = [_in_neutral_region]
    if category in ("health", "judgement", "violence"):
        rules.append(_in_insurance_scheme)
    if category == "union":
        rules.append(_not_a_trade_union)
        if term in ("sud", "fo"):
            rules.append(_is_a_compass_point)
    if _is_place_term(term):
        rules.append(_names_a_workplace)
    if category == "health":
        rules.append(_names_a_profession)
        if term in _CARE_PROFESSIONS or term == "-logue":
            rules.append(_is_the_patients_job)
    if term in _CAPITALS_ONLY:
        rules.append(_lower_case_acronym)
    if category == "politics" and term in _AMBIGUOUS_POLITICS:
        rules.append(_lacks_a_political_cue)
    if category == "politics" and term in _GENERIC_POLITICS:
        rules.append(_names_a_union)
    if category == "ethnic_origin" and term in _LANGUAGE_TERMS:
        rules.append(_is_a_language)
    if category == "criminal":
        rules.append(_patient_is_the_victim)
        rules.append(_patient_is_a_witness)
        rules.append(_suffered_by_the_patient)
    rules.extend(_TERM_RULES.get(term, ()))
    return tuple(rules)


def keep(candidate: Candidate, text: FoldedText, masks: "Masks") -> bool:
    """Whether a candidate is a real finding in this note: no rule that
    applies to its term calls it a near-miss."""
    return not any(rule(candidate, text, masks) for rule in _rules_for(candidate.category, candidate.term))


class _computed_once:
    """``functools.cached_property`` without its lock: on Python 3.11 the
    first access takes an RLock, about 1 µs, several times per note. A
    ``Masks`` lives within one ``scan`` call, never shared between threads.
    The value is stored in the instance dict, which later lookups read
    directly (this descriptor defines no ``__set__``)."""

    def __init__(self, func) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


class Masks:
    """The regions of one note where terms name places, people or schemes.
    Each is computed on first use, and only for notes with candidates."""

    def __init__(self, text: FoldedText, candidates: list[Candidate], triggers: list[int]) -> None:
        self._text = text
        self._candidates = candidates
        self._triggers = triggers

    @_computed_once
    def neutral(self) -> list[tuple[int, int]]:
        return _neutral_regions(self._text, self._triggers)

    @_computed_once
    def schemes(self) -> list[tuple[int, int]]:
        folded = self._text.folded
        # Every match holds one of these: most notes hold none, and four
        # substring tests cost less than the regular expression.
        if not any(word in folded for word in _SCHEMES_WORDS):
            return []
        return _regions(_SCHEMES, folded)

    @_computed_once
    def not_union(self) -> list[tuple[int, int]]:
        return _regions(_NOT_UNION, self._text.folded)

    @_computed_once
    def jobs(self) -> list[tuple[int, int]]:
        return _regions(_JOB, self._text.folded)

    @_computed_once
    def all_caps(self) -> bool:
        """Whether the note is typed in capitals (then capitals say nothing)."""
        original = self._text.original
        upper = len(_UPPER.findall(original))
        lower = len(_LOWER.findall(original))
        return upper + lower > 12 and upper > 4 * lower

    @_computed_once
    def union_starts(self) -> list[int]:
        return [c.start for c in self._candidates if c.category == "union"]


_UPPER = re.compile(r"[^\W\d_a-zà-ÿ]")
_LOWER = re.compile(r"[a-zà-ÿ]")
_CLAUSE_END = re.compile(r"[.;!|\n/]")


_ANY_NEGATION = re.compile(r"\b(?:pas|aucune?|sans|ni|non|jamais|nie|denie|absence)\b")


def qualifiers(candidates: list[Candidate], folded: str) -> list[tuple[bool, bool]]:
    """(negated, hearsay) for each finding: they do not remove it (a denied
    or reported mention still discloses), they only adapt the explanation.
    Most notes hold no cue at all, which one search each tells."""
    any_negation = _ANY_NEGATION.search(folded) is not None
    any_hearsay = _HEARSAY.search(folded) is not None
    if not (any_negation or any_hearsay):
        return [(False, False)] * len(candidates)
    return [_qualify(candidate, folded, any_negation, any_hearsay) for candidate in candidates]


def _qualify(candidate: Candidate, folded: str, any_negation: bool, any_hearsay: bool) -> tuple[bool, bool]:
    negated = any_negation and bool(
        _NEGATION_BEFORE.search(folded[max(0, candidate.start - 20):candidate.start]))
    if not any_hearsay:
        return negated, False
    window_start = max(0, candidate.start - 60)
    ends_before = [m.end() for m in _CLAUSE_END.finditer(folded, window_start, candidate.start)]
    clause_start = ends_before[-1] if ends_before else window_start
    after = _CLAUSE_END.search(folded, candidate.end, candidate.end + 60)
    clause_end = after.start() if after else min(len(folded), candidate.end + 60)
    return negated, bool(_HEARSAY.search(folded, clause_start, clause_end))


# --- Findings that are not a term of a list ----------------------------------

# "d'origine maghrébine", "origine indienne", "Antillaise d'origine".
_ORIGIN_AFTER = re.compile(r"\b(?:d'|de\s+|d\s+)?(?:origines?|racines|ascendance)\s+([a-z][\w-]*)")
_ORIGIN_BEFORE = re.compile(r"\b([a-z][\w-]*(?:ais|aise|ien|ienne|ain|aine|ois|oise|ique|an|ane|"
                            r"ol|ole|e|es))\s+d'origine\b")
_NOT_ORIGIN_WORD = frozenset(
    ("de", "du", "des", "d", "la", "le", "les", "l", "en", "pour", "a", "au", "aux", "et", "ou",
     "inconnue", "inconnu", "indeterminee", "controlee", "protegee", "sur", "par", "avec",
     "professionnelle", "sociale", "geographique", "du", "medicale", "non")
)
_NOT_ORIGIN_BEFORE = re.compile(r"\b(?:pays|nom|langue|adresse|caisse|version|document|dossier|"
                                r"regime|carte|piece|etat|lieu|ville|commune|region)\s+$")


def origin_candidates(folded: str) -> list[Candidate]:
    found = []
    for match in _ORIGIN_AFTER.finditer(folded):
        if match.group(1) in _NOT_ORIGIN_WORD or _NOT_ORIGIN_BEFORE.search(folded[:match.start()]):
            continue
        found.append(Candidate(match.start(), match.end(), "ethnic_origin", "origine"))
    for match in _ORIGIN_BEFORE.finditer(folded):
        if match.group(1) in _NOT_ORIGIN_WORD or match.group(1) in ("pays", "nom", "langue"):
            continue
        found.append(Candidate(match.start(), match.end(), "ethnic_origin", "origine"))
    return found


# Medical word endings: an operation or a disease no list names
# ("cholécystectomie", "gastroplastie", "neuropathie", "coloscopie").
_MEDICAL_WORD = re.compile(r"[a-z]{3,}(?:ectomie|otomie|ostomie|plastie|pathie|algie|oscopie|"
                           r"therapie|[^d]emie)s?")
_NOT_MEDICAL_WORD = frozenset(("academie", "academies", "epidemie", "nostalgie", "sympathie",
                               "antipathie", "empathie", "telepathie", "homeopathie", "osteopathie",
                               "naturopathie", "economie", "anatomie", "autonomie", "astronomie",
                               "gastronomie", "agronomie", "taxonomie", "dichotomie", "lobotomie"))
# Endings that are medical only after a Greek or Latin root of an organ, a
# tissue or a germ: "-ite" is an inflammation in "oesophagite" but not in
# "visite", "-ose" a disease in "spondylose" but not in "propose", "-ome" a
# tumour in "liposarcome" but not in "autonome", "-graphie" an examination in
# "cystographie" but not in "orthographe". The roots are a closed list; the
# word must be the root (with prefixes such as "poly", "hyper") and the ending.
_MEDICAL_ROOT = re.compile(
    r"(?:poly|hyper|hypo|peri|endo|myo|neuro|osteo|gastro|entero|recto|rhino|broncho|pyelo|"
    r"glomerulo|thrombo|adeno|lipo|fibro|lympho|angio|arterio|athero|cysto|hystero|myelo|"
    r"leuco|electro|radio|onycho|spondylo|sacro|coxo|gono|cholangio|cholecysto|pancreato|"
    r"oesophago|gastroduodeno|salpingo|uretro|vesiculo|mammo|echo|scinti|tomo|neurofibro)*"
    r"(?:arthr|oste|chondr|myel|my|neur|nevr|encephal|mening|gastr|enter|col|proct|hepat|"
    r"cholecyst|cholangi|pancreat|nephr|pyel|cyst|urethr|ureter|prostat|orch|epididym|hyster|"
    r"endometr|metr|salping|ovar|vagin|vulv|cervic|mast|derm|dermat|cardi|card|phleb|arter|"
    r"angi|vascular|aort|thromb|hemat|lymph|lymphang|aden|splen|thyroid|laryng|pharyng|trache|"
    r"bronch|bronchiol|pneum|pleur|rhin|sinus|ot|ophtalm|kerat|blephar|conjonctiv|uve|retin|"
    r"gingiv|stomat|gloss|oesophag|duoden|ile|appendic|diverticul|periton|tendin|spondyl|"
    r"scoli|lord|cyph|fibr|lip|carcin|sarc|melan|gli|papill|condyl|leuc|leucocyt|glyc|"
    r"cholesterol|lipid|ur|azot|kali|natr|calc|bacteri|septic|vir|thalass|isch|cirrh|tubercul|"
    r"myc|mononucle|toxoplasm|listeri|salmonell|brucell|borreli|leptospir|steat|sten|necr|"
    r"scler|ankyl|psych|hemochromat|sarcoid|amyl|parasit|ather|follicul|fasci|capsul|"
    r"epicondyl|synov|coron|coronar|hemorr|menorr|diarr|amenorr|leucorr|plegi|hemipleg|"
    r"parapleg|tetrapleg|quadripleg|amyotroph|dystroph|hypertroph|neutropen|thrombopen|"
    r"thrombocytopen|anem|lithi|amibi|helminthi|mamm|ech|cyst|urogr|angiogr|scintigr|"
    r"fibrom|lipom|neurinom|meningiom|adenom|hematom|glaucom|angiom|carcinom|sarcom|"
    r"lymphom|myelom|melanom|gliom|papillom)"
    r"o?(?:ite|ose|ome|graphie|emie|iase|rragie|rrhee|plegie|trophie|penie)s?")
# A specialist or a specialty from its root: "angiologue", "phlébologie",
# "neuropédiatre", "gérontopsychiatrie" (the patient's own job is a
# near-miss, see ``_is_the_patients_job``).
_SPECIALIST = re.compile(
    r"(?:neuro|pedo|psycho|geronto|onco|endocrino|gastro|hepato|uro|gyneco|radio|immuno|"
    r"allergo|cardio|pneumo|nephro|hemato|derma|dermato|rhumato|stomato|ophtalmo|oto|laryngo|"
    r"rhino|proctoo?|angio|phlebo|diabeto|addicto|alcoolo|tabaco|sexo|andro|infectio|toxico|"
    r"cancero|cyto|neonato|pneumo|endo|psych|ped)+"
    r"(?:logues?|logies?|logiques?|iatres?|iatries?|iatriques?|pathes?)")
_NOT_SPECIALIST = frozenset(("pedologie", "pedologue", "pedologues", "psychopathe", "psychopathes",
                             "pedopathe", "psychologique", "pediatre", "pediatrie", "pediatrique"))
_NOT_ROOTED_MEDICAL = frozenset(("azotite", "calcite", "cellulite", "cellulose", "hematite",
                                 "leucite", "steatite", "stenographie", "septicite", "urite",
                                 "urose", "urome", "colose"))


def medical_word_candidates(folded: str, word_ends: Iterable[int] | None = None) -> list[Candidate]:
    """Words with a medical ending that no lexicon lists. ``word_ends``: where
    the automaton saw a word end with one of ``lexicon.MEDICAL_ENDINGS`` (by
    default, every word end)."""
    if word_ends is None:
        word_ends = [m.end() for m in re.finditer(r"[a-z]+", folded)]
    found = []
    for end in sorted(set(word_ends)):
        start = end
        while start > 0 and "a" <= folded[start - 1] <= "z":
            start -= 1
        word = folded[start:end]
        if len(word) < 5 or (start > 0 and folded[start - 1].isdigit()):
            continue
        if _MEDICAL_WORD.fullmatch(word):
            if word.rstrip("s") not in _NOT_MEDICAL_WORD:
                found.append(Candidate(start, end, "health", "-" + word[-6:]))
        elif _SPECIALIST.fullmatch(word):
            if word.rstrip("s") not in _NOT_SPECIALIST:
                found.append(Candidate(start, end, "health", "-logue"))
        elif _MEDICAL_ROOT.fullmatch(word) and word.rstrip("s") not in _NOT_ROOTED_MEDICAL:
            found.append(Candidate(start, end, "health", "-" + word[-6:]))
    return found


# "vit avec son compagnon" reveals orientation only when the patient is a
# man; "Mariée à Mme Martin" always does.
_MALE_PARTNER = re.compile(r"\b(?:son|mon)\s+(?:compagnon|copain|mari|epoux|conjoint|petit[- ]ami|"
                           r"fiance|concubin)\b"
                           r"|\b(?:en\s+couple|pacse|pacsee|marie|mariee|vit|fiance|fiancee)\s+"
                           r"(?:avec|a)\s+un\s+homme\b")
_FEMALE_PARTNER = re.compile(r"\b(?:sa|ma)\s+(?:compagne|copine|femme|epouse|petite[- ]amie|"
                             r"fiancee|conjointe|concubine)\b"
                             r"|\b(?:en\s+couple|pacse|pacsee|marie|mariee|vit|fiance|fiancee)\s+"
                             r"(?:avec|a)\s+une\s+femme\b")
_MALE_CUE = re.compile(r"\b(?:monsieur|m\.|mr|il|le patient|un homme|pere de)(?=\W|$)")
_FEMALE_CUE = re.compile(r"\b(?:madame|mme|mlle|elle|la patiente|une femme|mere de)(?=\W|$)")
_SAME_SEX_MARRIAGE = re.compile(r"\b(?:mariee|pacsee|en couple)\s+(?:a|avec)\s+(?:mme|madame)\b"
                                r"|\b(?:marie|pacse|en couple)\s+(?:a|avec)\s+(?:m\.|monsieur)\s")


def _gender_cues(folded: str) -> list[tuple[int, str]]:
    cues = [(m.start(), "m") for m in _MALE_CUE.finditer(folded)]
    cues += [(m.start(), "f") for m in _FEMALE_CUE.finditer(folded)]
    return cues


def _patient_gender(folded: str, partner_start: int, partner_end: int,
                    all_cues: list[tuple[int, str]] | None = None) -> str | None:
    """``all_cues``: ``_gender_cues(folded)``, when the caller already has them."""
    if all_cues is None:
        all_cues = _gender_cues(folded)
    cues = [(position, gender) for position, gender in all_cues
            if not partner_start <= position < partner_end]
    if not cues:
        return None
    before = [cue for cue in cues if cue[0] < partner_start]
    if before:
        return max(before)[1]
    return min(cues)[1]


_PARTICIPLE = re.compile(r"\b(?:marie|pacse|fiance)(e?)\s")


def _gender_of_participle(text: FoldedText, start: int, end: int) -> str | None:
    """"Mariée à une femme" is a woman, "marié à un homme" a man (the
    accent tells "marié" from the first name "Marie")."""
    match = _PARTICIPLE.match(text.folded, start, end)
    if not match:
        return None
    if match.group(1):
        return "f"
    original_start, original_end = text.original_span(match.start(), match.end())
    return "m" if "é" in text.original[original_start:original_end].lower() else None


def partner_candidates(text: FoldedText) -> list[Candidate]:
    folded = text.folded
    found = []
    all_cues = None  # the gender cues of the note, found once for all its partner mentions
    for pattern, partner_gender in ((_MALE_PARTNER, "m"), (_FEMALE_PARTNER, "f")):
        for match in pattern.finditer(folded):
            if all_cues is None:
                all_cues = _gender_cues(folded)
            gender = (_patient_gender(folded, match.start(), match.end(), all_cues)
                      or _gender_of_participle(text, match.start(), match.end()))
            if gender == partner_gender:
                found.append(Candidate(match.start(), match.end(), "sex_life", "partenaire"))
    for match in _SAME_SEX_MARRIAGE.finditer(folded):
        start, end = text.original_span(*match.span())
        if "é" in text.original[start:end].lower() or "mariee" in match.group(0):
            found.append(Candidate(match.start(), match.end(), "sex_life", "partenaire"))
    return found


# Substrings without which origin_candidates / partner_candidates find nothing.
def may_name_an_origin(folded: str) -> bool:
    # Three substring tests: a third of the cost of one regular expression
    # alternating them, on every note.
    return "origin" in folded or "racines" in folded or "ascendance" in folded


# ("petit ami", "petite-amie": a bare "ami" would let every "famille" through.)
PARTNER_TRIGGER = re.compile(r"compagn|copain|copine|mari|epou|conjoint|petite?[- ]ami|fiance|concubin|"
                             r"pacse|couple|femme|homme")
