"""The admin's list of apps and their models, drawn in Python with the markup Django's
admin/app_list.html gives it: in the sidebar of every page of the programme office, and on
its start page.

Django's template draws each of the site's 25 models through some twenty template tags and
variable lookups: on the list of applications, the sidebar alone was 12,000 of the page's
87,000 Python calls. Here each row is written in one step (templates/admin/app_list.html).
`tests/accounts/test_admin_app_list_draws_as_django_does.py` holds it to Django's markup."""

from urllib.parse import quote

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from accounts.escaping import escaped

register = template.Library()


@register.simple_tag(takes_context=True)
def app_list_drawn(context) -> str:
    """`{% app_list_drawn %}`: Django's admin/app_list.html for the context's `app_list`
    (with `show_changelinks`, and `request` for the page open now), in one step."""
    shows_links = bool(context.get("show_changelinks"))
    return mark_safe(_app_list(context.get("app_list"), context.get("request"), shows_links))


@register.simple_tag(takes_context=True)
def nav_sidebar_drawn(context) -> str:
    """`{% nav_sidebar_drawn %}`: Django's admin/nav_sidebar.html, around the context's
    `available_apps` (`AdminSite.each_context`), in one step."""
    apps = _app_list(context.get("available_apps"), context.get("request"), shows_links=False)
    return mark_safe(
        "\n"
        '<button class="sticky toggle-nav-sidebar" id="toggle-nav-sidebar" '
        f'aria-label="{gettext("Toggle navigation")}"></button>\n'
        f'<nav class="sticky" id="nav-sidebar" aria-label="{gettext("Sidebar")}">\n'
        '  <input type="search" id="nav-filter"\n'
        f'         placeholder="{gettext("Start typing to filter…")}"\n'
        f'         aria-label="{gettext("Filter navigation items")}">\n'
        f"  {apps}\n</nav>\n"
    )


def _app_list(apps, request, shows_links: bool) -> str:
    if not apps:
        nothing = gettext("You don’t have permission to view or edit anything.")  # noqa: RUF001
        return f"\n\n\n  <p>{nothing}</p>\n\n"
    # `request.path|urlencode`: what the template looks each address up in.
    path = quote(request.path, safe="/") if request is not None else ""
    words = _words(shows_links)
    return f"\n\n\n  {''.join([_app(app, path, words) for app in apps])}\n\n"


def _words(shows_links: bool) -> dict:
    """The template's words, each translated once for the whole list (a lookup through the
    catalogues each time: a fifth of the list's calls). "View" and "Change" only on a page
    that shows those links."""
    words = {
        said: gettext(said)
        for said in (
            "Models in the %(name)s application",
            "Model name",
            "Add link",
            "Change or view list link",
            "Add",
        )
    }
    if shows_links:
        words |= {"View": gettext("View"), "Change": gettext("Change")}
    return words


def _app(app: dict, path: str, words: dict) -> str:
    label, url, name = (escaped(app[key]) for key in ("app_label", "app_url", "name"))
    current = " current-app" if str(app["app_url"]) in path else ""
    title = words["Models in the %(name)s application"] % {"name": name}
    models = "".join([_model(model, label, path, words) for model in app["models"]])
    return (
        f'\n    <div class="app-{label} module{current}">\n      <table>\n        <caption>\n'
        f'          <a href="{url}" class="section" title="{title}">{name}</a>\n'
        f'        </caption>\n        <thead class="visually-hidden">\n          <tr>\n'
        f'            <th scope="col">{words["Model name"]}</th>\n'
        f'            <th scope="col">{words["Add link"]}</th>\n'
        f'            <th scope="col">{words["Change or view list link"]}</th>\n'
        f"          </tr>\n        </thead>\n        {models}\n      </table>\n    </div>\n  "
    )


def _model(model: dict, label: str, path: str, words: dict) -> str:
    """One model's row: its list (if it may be seen), its "Add" (if one may be added), and
    on the start page its "Change" or "View"."""
    model_name = escaped(str(model["object_name"]).lower())
    row_id = f"{label}-{model_name}"
    admin_url, add_url = model.get("admin_url"), model.get("add_url")
    here = bool(admin_url) and str(admin_url) in path
    current = " current-model" if here else ""
    name = escaped(model["name"])
    if admin_url:
        aria = ' aria-current="page"' if here else ""
        named = f'\n                  <a href="{escaped(admin_url)}"{aria}>{name}</a>\n'
    else:
        named = f"\n                  {name}\n"
    if add_url:
        add = (
            f'\n                <td><a href="{escaped(add_url)}" class="addlink" '
            f'aria-describedby="{row_id}">{words["Add"]}</a></td>\n              '
        )
    else:
        add = "\n                <td></td>\n              "
    return (
        f'\n          \n            <tr class="model-{model_name}{current}">\n'
        f'              <th scope="row" id="{row_id}">\n                {named}'
        f"                \n              </th>\n\n              {add}\n\n              "
        f"{_change_link(model, row_id, words)}\n            </tr>\n          \n        "
    )


def _change_link(model: dict, row_id: str, words: dict) -> str:
    if "View" not in words:  # the sidebar: no such links
        return ""
    if not model.get("admin_url"):
        return "\n                <td></td>\n              "
    css, word = ("viewlink", "View") if model.get("view_only") else ("changelink", "Change")
    link = (
        f'<a href="{escaped(model["admin_url"])}" class="{css}" '
        f'aria-describedby="{row_id}">{words[word]}</a>'
    )
    return (
        f"\n                \n                  <td>{link}</td>\n                \n              "
    )
