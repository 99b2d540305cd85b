"""Creates the demo practice: four accounts and synthetic patients.

Idempotent: run again, it only prints how to log in.
"""

import random
from datetime import date

from django.core.management.base import BaseCommand
from django.db import transaction
from faker import Faker

from carnet.accounts.models import Practice, Role, User
from carnet.records import demo_data, demo_history, search
from carnet.records.models import Allergy, Encounter, HistoryItem, Patient, Result, Treatment

DEMO_PRACTICE = "Cabinet médical des Tilleuls"
OTHER_PRACTICE = "Cabinet du Port"
DEMO_PASSWORD = "Tilleuls-demo-2025"
ACCOUNTS = [
    ("dr.martin", "Claire", "Martin", Role.DOCTOR),
    ("dr.bernard", "Hugo", "Bernard", Role.DOCTOR),
    ("secretariat", "Nadia", "Lefèvre", Role.SECRETARY),
    ("admin.cabinet", "Paul", "Roux", Role.ADMIN),
]


class Command(BaseCommand):
    help = "Crée le cabinet de démonstration et ses patients synthétiques."

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=2025)

    def handle(self, *args, patients, seed, **options):
        practice = Practice.objects.filter(name=DEMO_PRACTICE).first()
        if practice is None:
            with transaction.atomic():
                practice = Practice.objects.create(name=DEMO_PRACTICE)
                accounts = [self._account(practice, *a) for a in ACCOUNTS]
                doctors = accounts[:2]
                created = self._patients(practice, doctors, patients, seed)
                self.stderr.write("  trois semaines d'activité ordinaire pour la sentinelle d'accès")
                demo_history.warm_up([(u, u.role) for u in accounts[:3]], created, seed=seed)
                other = Practice.objects.create(name=OTHER_PRACTICE)
                other_doctor = self._account(other, "dr.port", "Yann", "Le Gall", Role.DOCTOR)
                self._patients(other, [other_doctor], max(patients // 40, 5), seed + 1)
        self._print_instructions()

    def _account(self, practice, username, first, last, role):
        user = User.objects.create_user(
            username=username, first_name=first, last_name=last, role=role,
            practice=practice, email=f"{username}@tilleuls.example", password=DEMO_PASSWORD,
        )
        from carnet.accounts.second_factor import activate_demo_totp

        activate_demo_totp(user)
        return user

    def _patients(self, practice, doctors, count, seed):
        rng = random.Random(seed)
        fake = Faker("fr_FR")
        fake.seed_instance(seed)
        today = date.today()
        created = []
        for i in range(count):
            fields = demo_data.patient(fake, rng, today)
            p = Patient.objects.create(practice=practice, attending_doctor=rng.choice(doctors), **fields)
            search.index_patient(p)
            created.append((p.public_id, fields["family_name"], p.attending_doctor_id))
            history = demo_data.medical_history(rng, p.birth_date, today)
            author = p.attending_doctor
            for model, key in [(HistoryItem, "history"), (Treatment, "treatments"),
                               (Allergy, "allergies"), (Encounter, "encounters"), (Result, "results")]:
                for row in history[key]:
                    model.objects.create(patient=p, author=author, **row)
            if (i + 1) % 500 == 0:
                self.stderr.write(f"  {i + 1}/{count} patients")
        return created

    def _print_instructions(self):
        w = self.stdout.write
        w("")
        w("Carnet : cabinet de démonstration prêt.")
        w("  Adresse : http://127.0.0.1:8000")
        w(f"  Mot de passe de tous les comptes de démonstration : {DEMO_PASSWORD}")
        for username, first, last, role in ACCOUNTS:
            w(f"  - {username:<15} {first} {last} ({role.label})")
        w("  Second facteur : code à 6 chiffres (TOTP). Pour l'obtenir, dans un autre terminal :")
        w("      .venv/bin/carnet manage carnet_totp dr.martin")
        w("    ou ajoutez le secret affiché par cette commande dans votre application d'authentification.")
        w("")
