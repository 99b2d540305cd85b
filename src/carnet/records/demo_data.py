"""Synthetic patients for the demo practice: French identities from Faker's
fr_FR locale, and administrative comments and medical histories drawn from
small tables of what practices really write. No real person is described.

Pure Python: returns plain dicts, so the generator can be tested and reused
without the database.
"""

import random
from datetime import date, timedelta

from faker import Faker

# Most administrative comments are harmless; a few hold what the notes guard
# exists to catch, so that its audit has something to find in the demo.
CLEAN_COMMENTS = [
    "", "", "", "", "", "",
    "Tiers payant", "Carte vitale pas à jour", "Prévenir sa fille en cas d'absence",
    "Préfère être appelée le matin", "Parle anglais", "Mutuelle à vérifier",
    "Souvent en retard : prévoir un créneau de fin de journée", "Nouvelle adresse depuis mars",
    "RDV le samedi de préférence", "Transport en VSL à organiser", "Ne pas appeler au travail",
]
SENSITIVE_COMMENTS = [
    "Diabétique, sous insuline", "Porteuse VIH, ne pas en parler devant son mari",
    "Témoin de Jéhovah : refuse les transfusions", "Sort de prison, suivi SPIP",
    "Patient pénible, toujours à se plaindre", "Femme battue, a quitté le domicile",
    "Délégué CGT, absent les jours de grève",
]
HISTORY = [
    ("Hypertension artérielle", "I10"), ("Diabète de type 2", "E11"), ("Asthme", "J45"),
    ("Hypothyroïdie", "E03"), ("Lombalgie chronique", "M54"), ("Dépression", "F32"),
    ("Appendicectomie", ""), ("Fracture du poignet", "S62"), ("Migraine", "G43"),
    ("Hypercholestérolémie", "E78"), ("BPCO", "J44"), ("Fibrillation auriculaire", "I48"),
]
TREATMENTS = [
    ("Amlodipine 5 mg", "1 cp le matin"), ("Metformine 1000 mg", "1 cp matin et soir"),
    ("Lévothyrox 75 µg", "1 cp à jeun"), ("Ventoline", "2 bouffées si besoin"),
    ("Atorvastatine 20 mg", "1 cp le soir"), ("Paracétamol 1 g", "jusqu'à 3 par jour"),
]
ALLERGIES = [("Pénicilline", "urticaire"), ("Pollens", "rhinite"), ("Arachide", "œdème"),
             ("Aspirine", "bronchospasme"), ("Latex", "eczéma de contact")]
REASONS = ["Renouvellement d'ordonnance", "Fièvre et toux", "Douleur lombaire", "Bilan annuel",
           "Certificat de sport", "Vaccination", "Contrôle tension", "Angine", "Gastro-entérite"]
RESULTS = [("HbA1c", "6,8 %"), ("TSH", "2,1 mUI/L"), ("Créatinine", "78 µmol/L"),
           ("LDL cholestérol", "1,2 g/L"), ("Hémoglobine", "13,5 g/dL")]
INSURERS = ["MGEN", "Harmonie Mutuelle", "MAAF Santé", "Malakoff Humanis", "AG2R", "CSS", ""]


def nir_for(sex: str, birth: date, rng: random.Random) -> str:
    from carnet.records.validators import nir_key

    head = f"{1 if sex == 'M' else 2}{birth.year % 100:02d}{birth.month:02d}"
    body = f"{rng.randint(1, 95):02d}{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
    nir13 = head + body
    return f"{nir13}{nir_key(nir13):02d}"


def french_mobile(rng: random.Random) -> str:
    digits = f"0{rng.choice('67')}{rng.randint(0, 99_999_999):08d}"
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def patient(fake: Faker, rng: random.Random, today: date) -> dict:
    sex = rng.choice("FM")
    birth = today - timedelta(days=rng.randint(0, 95 * 365))
    given = fake.first_name_female() if sex == "F" else fake.first_name_male()
    family = fake.last_name()
    sensitive = rng.random() < 0.04
    return {
        "family_name": family,
        "given_name": given,
        "birth_date": birth,
        "sex": sex,
        "nir": nir_for(sex, birth, rng) if rng.random() < 0.8 else "",
        "address": fake.street_address(),
        "postcode": f"{rng.choice([75, 92, 93, 94, 69, 13, 33, 31, 59, 44]):02d}{rng.randint(0, 999):03d}",
        "city": fake.city(),
        "phone": french_mobile(rng),
        "email": f"{fake.user_name()}{rng.randint(1, 999)}@{fake.free_email_domain()}" if rng.random() < 0.6 else "",
        "insurance": rng.choice(INSURERS),
        "admin_comment": rng.choice(SENSITIVE_COMMENTS if sensitive else CLEAN_COMMENTS),
    }


def medical_history(rng: random.Random, birth: date, today: date) -> dict:
    """A few history items, treatments, allergies, consultations and results."""
    def some(table, most):
        return rng.sample(table, rng.randint(0, most))

    def past(max_days):
        return today - timedelta(days=rng.randint(1, max_days))

    visits = [
        {"date": past(3 * 365), "reason": rng.choice(REASONS), "note": "Examen clinique sans particularité."}
        for _ in range(rng.randint(0, 4))
    ]
    return {
        "history": [{"label": l, "cim10": c, "since": max(birth, past(20 * 365))} for l, c in some(HISTORY, 3)],
        "treatments": [{"drug": d, "dosage": p, "start": past(2 * 365)} for d, p in some(TREATMENTS, 2)],
        "allergies": [{"substance": s, "reaction": r} for s, r in some(ALLERGIES, 1)],
        "encounters": visits,
        "results": [{"label": l, "value": v, "date": past(365)} for l, v in some(RESULTS, 2)],
    }
