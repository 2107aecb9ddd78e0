from allauth.account.adapter import get_adapter
from django import forms
from django.contrib.auth import password_validation

from accounts import bounds
from accounts.models import User

# What each field of the account forms says when left empty: the invitation's and allauth's
# (sign-up, sign-in, password change and reset: accounts.signup), by the field's name there.
REQUIRED = {
    "full_name": "Enter your full name.",
    "email": "Enter your email address.",
    "login": "Enter your email address.",
    "password": "Enter your password.",
    "oldpassword": "Enter your current password.",
    "password1": "Choose a password.",
    "password2": "Type the same password again.",
    "code": "Enter the code from your authenticator app.",
}
PASSWORDS_DIFFER = "The two passwords are not the same."


def plain_messages(form) -> None:
    """Say what is missing in words of its own for each field, and state the limits."""
    for name, message in REQUIRED.items():
        if name in form.fields:
            form.fields[name].error_messages["required"] = message
    bounds.state_limits(form)


class PlainMessagesMixin:
    """A form that says what is missing in words of its own (`plain_messages`), and says
    when the password typed again differs from the first, even when the first is refused
    (allauth compares the two only once the first is accepted, so a mismatch went unsaid)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_messages(self)

    def clean_password2(self) -> str:
        password2 = self.cleaned_data["password2"]
        if self["password1"].data and password2 != self["password1"].data:
            raise forms.ValidationError(PASSWORDS_DIFFER)
        return password2


class SignupDetailsForm(forms.Form):
    """The extra fields allauth's sign-up form asks for (email and password come from allauth)."""

    full_name = forms.CharField(max_length=150, label="Full name")
    job_title = forms.CharField(max_length=150, required=False, label="Job title")
    department = forms.CharField(max_length=150, required=False, label="Department")

    field_order = ["full_name", "email", "password1", "password2", "job_title", "department"]

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.job_title = self.cleaned_data["job_title"]
        user.department = self.cleaned_data["department"]
        user.save(update_fields=["full_name", "job_title", "department"])


class InvitationAcceptForm(PlainMessagesMixin, forms.Form):
    """What an account needs: a name and a password. What the invitation is for asks the rest
    where it is kept (a board member's role: their programme profile, mentoring)."""

    full_name = forms.CharField(max_length=150, label="Full name")
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Password (again)",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        # The password rules, said before anyone breaks them (as on the sign-up page).
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def clean(self):
        cleaned = super().clean()
        password1 = cleaned.get("password1")
        if password1:
            user = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                get_adapter().clean_password(password1, user=user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class AccountDeleteForm(forms.Form):
    """Deleting one's account asks for the password: a browser left signed in is not enough."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to delete your account."},
    )

    # Past the limit of guesses (accounts.views.account_delete_view): said instead of any
    # answer about the password, so that a wrong guess and the right one read alike.
    TOO_MANY = "Too many attempts: wait a minute, then try again."

    def __init__(self, *args, user: User, limited: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.limited = limited

    def clean_password(self):
        password = self.cleaned_data["password"]
        if self.limited:
            raise forms.ValidationError(self.TOO_MANY)
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
