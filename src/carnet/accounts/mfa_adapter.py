"""allauth's MFA adapter, with TOTP secrets encrypted by the vault.

allauth stores an authenticator application's secret as given to
``encrypt``; its default keeps it in clear, so a database copy would let
anyone compute the codes. The secrets are not a practice's data: they use the
vault's system scope (practice "0").
"""

from allauth.mfa.adapter import DefaultMFAAdapter

from carnet.vault.django_keys import get_vault
from carnet.vault.tokens import FieldContext

_SECRET_CONTEXT = FieldContext(
    practice_id="0", table="mfa.authenticator", column="secret", row="totp"
)


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return get_vault().encrypt_text(_SECRET_CONTEXT, text)

    def decrypt(self, encrypted_text: str) -> str:
        return get_vault().decrypt_text(_SECRET_CONTEXT, encrypted_text)
