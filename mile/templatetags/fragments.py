from django import template
from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import mark_safe

from mile import fragments

register = template.Library()

# What the admin's app_list.html shows of a model in the sidebar.
MENU_ENTRY = ("object_name", "name", "admin_url", "add_url", "view_only")


class FragmentNode(template.Node):
    def __init__(self, nodelist, key):
        self.nodelist = nodelist
        self.key = key

    def render(self, context):
        key = self.key.resolve(context)
        if not key:  # a piece that is the viewer's own (a form with their errors): never kept
            return self.nodelist.render(context)
        fetched = context.get("cached_fragments") or {}
        html = fetched[key] if key in fetched else cache.get(key)
        if html is None:
            with context.push(csrf_token=fragments.PLACEHOLDER):
                html = self.nodelist.render(context)
            cache.set(key, html, fragments.TIMEOUT)
        if fragments.PLACEHOLDER not in html:
            return mark_safe(html)
        token = context.get("csrf_token")
        if not token or token == "NOTPROVIDED":  # no request to take one from: as {% csrf_token %}
            return self.nodelist.render(context)
        return mark_safe(html.replace(fragments.PLACEHOLDER, escape(token)))


@register.tag
def fragment(parser, token):
    """{% fragment key %}…{% endfragment %}: the markup inside, kept in the cache under `key`
    (mile.fragments.key: it names everything shown inside); rendered afresh when `key` is empty.
    Taken from `cached_fragments` (mile.fragments.fetch) when the view fetched it already."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% fragment %} takes one argument: the key.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]))


@register.simple_tag(takes_context=True)
def admin_menu_key(context) -> str:
    """The key of the admin's sidebar (the nav-sidebar block of templates/admin/base_site.html):
    the apps and models the person may reach, and the page it marks as the current one."""
    menu = [
        (app["app_label"], str(app["name"]), app["app_url"], [_entry(m) for m in app["models"]])
        for app in context.get("available_apps", [])
    ]
    return fragments.key("admin-menu", [], menu=menu, path=context["request"].path)


def _entry(model: dict) -> tuple:
    return tuple(str(model.get(name)) for name in MENU_ENTRY)
