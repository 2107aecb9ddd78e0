"""Sending an application as the browser does: the form posted with "Submit application",
then "Yes, send my application" on the page that names who will be emailed."""

import re


def sent(client, url: str, data: dict, **kwargs):
    """Post `data` (with "submit"); when the answer is the confirmation, confirm it. The
    last response, as `client.post` returns it (`kwargs`: follow, and so on)."""
    response = client.post(url, {**data, "submit": "1"})
    shown = re.search(r'name="shown" value="([^"]+)"', response.content.decode())
    if shown is None:  # refused: the form again, with what to fix
        return response
    return client.post(url, {"send": "yes", "shown": shown.group(1)}, **kwargs)
