"""Step-up: a signed-in user proves again who they are before a sensitive disclosure (a confidential address).

The proof is the code from their authenticator when they have a confirmed TOTP device, else their password.
A wrong password counts towards the account lockout (django-axes sees it as a failed login, and a locked
account cannot step up); a wrong code is throttled by django-otp as at login.
"""

from django import forms
from django.contrib.auth import authenticate
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class StepUpForm(forms.Form):
    """A form that also asks for the user's code or password, and is valid only when it is right."""

    step_up = forms.CharField(max_length=128, strip=False)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.device = totp_device_of(request.user) if request.user.is_authenticated else None
        field = self.fields["step_up"]
        if self.device is not None:
            field.label = "Six-digit code from your authenticator app"
            # A password input, so that a wrong code is not written back into the page.
            field.widget = forms.PasswordInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"})
        else:
            field.label = "Your password"
            field.widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        field.help_text = "Asked again before every disclosure."

    def clean_step_up(self) -> str:
        secret = self.cleaned_data["step_up"]
        user = self.request.user
        if self.device is not None:
            allowed, _ = self.device.verify_is_allowed()
            if not allowed:
                raise forms.ValidationError("Too many wrong codes. Wait a minute and try again.")
            if not self.device.verify_token(secret.strip()):
                raise forms.ValidationError("That code is not right or has expired. Try the newest code.")
            return ""
        confirmed = authenticate(self.request, username=user.get_username(), password=secret)
        if confirmed is None or confirmed.pk != user.pk:
            raise forms.ValidationError("That password is not right.")
        # Nothing of the secret is kept in cleaned_data.
        return ""
