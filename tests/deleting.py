"""A person deleting their own account, as a browser does it: the page read first, its
"Yes" posted with what it showed (whom the deletion emails), and the password."""

import re

from django.urls import reverse

from tests.factories import PASSWORD


def delete_own_account(client, person, password=PASSWORD):
    client.force_login(person)
    url = reverse("account_delete")
    page = client.get(url).content.decode()
    [seen] = re.findall(r'name="emailed_seen" value="([^"]*)"', page)
    return client.post(url, {"password": password, "emailed_seen": seen})
