"""Five failed sign-ins per address for the whole site, whatever host name the requests
carry (allauth alone counts them per host, so each name the site answers to would add five)."""

from django.urls import reverse

from tests.factories import PASSWORD


def test_failed_sign_ins_under_two_host_names_count_towards_one_limit(client, cast, settings):
    settings.ALLOWED_HOSTS = ["mentoring.example.org", "localhost"]
    email = cast.mentor.email
    for host in ["mentoring.example.org", "localhost"] * 2 + ["mentoring.example.org"]:
        page = client.post(
            reverse("account_login"), {"login": email, "password": "wrong"}, HTTP_HOST=host
        ).content.decode()
        assert "The email address and/or password you specified are not correct." in page

    response = client.post(
        reverse("account_login"), {"login": email, "password": PASSWORD}, HTTP_HOST="localhost"
    )

    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in response.content.decode()
