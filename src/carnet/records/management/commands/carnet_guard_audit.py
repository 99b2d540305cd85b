import json
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from carnet.accounts.models import Practice
from carnet.records.guard_audit import audit_practice


class Command(BaseCommand):
    help = (
        "Passe la garde des notes sur tous les commentaires administratifs enregistrés "
        "et écrit un rapport JSON pour le DPO."
    )

    def add_arguments(self, parser):
        parser.add_argument("--practice", type=int, action="append", help="cabinet (tous par défaut)")
        parser.add_argument("-o", "--output", help="fichier du rapport (sortie standard par défaut)")
        parser.add_argument("--include-text", action="store_true",
                            help="inclure le texte des commentaires signalés (à protéger)")

    def handle(self, *args, practice, output, include_text, **options):
        practices = Practice.objects.order_by("pk")
        if practice:
            practices = practices.filter(pk__in=practice)
            missing = set(practice) - set(practices.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"cabinet inconnu : {', '.join(map(str, sorted(missing)))}")
        reports = []
        for p in practices:
            with tqdm(total=p.patients.count(), desc=p.name, unit="patient", file=sys.stderr,
                      disable=None) as bar:
                reports.append(audit_practice(p, include_text=include_text, progress=bar.update))
        text = json.dumps({"reports": reports}, ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as f:
                f.write(text + "\n")
            flagged = sum(r["patients_flagged"] for r in reports)
            self.stderr.write(f"{flagged} patient(s) signalé(s) ; rapport écrit dans {output}")
        else:
            self.stdout.write(text)
