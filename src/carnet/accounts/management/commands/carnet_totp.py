from django.core.management.base import BaseCommand, CommandError

from carnet.accounts.models import User
from carnet.accounts.second_factor import current_code, demo_totp_secret


class Command(BaseCommand):
    help = "Affiche le code de double authentification courant d'un compte de démonstration."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        from allauth.mfa.models import Authenticator
        from allauth.mfa.utils import decrypt

        user = User.objects.filter(username=username).first()
        totp = user and Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if not totp:
            raise CommandError(f"Aucun compte {username!r} avec un code TOTP.")
        secret = decrypt(totp.data["secret"])
        if secret != demo_totp_secret(username):
            raise CommandError("Ce compte n'est pas un compte de démonstration.")
        self.stdout.write(f"Code actuel : {current_code(secret)}   (secret : {secret})")
