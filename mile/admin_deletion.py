"""The admin's delete confirmation without a query per object it lists.

Django's page names every row the deletion would take (or that protects the object) by its
`__str__`; several of ours read a foreign key (a delegate is "member — workshop"), which
Django's collector does not join: one query per row. `DeletionAdmin` collects with the keys
each `__str__` reads joined in (tests/access/test_query_counts.py counts the queries).
"""

from django.contrib.admin import utils
from django.db import router
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

# What each model's __str__ reads through its foreign keys.
STR_RELATED = {
    "learningsets.learningset": ["partner", "sub_theme"],
    "learningsets.accountinvitation": ["member"],
    "proposals.comment": ["author", "proposal"],
    "proposals.revision": ["section"],
    "proposals.section": ["proposal"],
    "workshops.registration": ["member", "workshop"],
    "workshops.invitation": ["registration__member", "registration__workshop"],
}


class NestedObjects(utils.NestedObjects):
    def related_objects(self, related_model, related_fields, objs):
        queryset = super().related_objects(related_model, related_fields, objs)
        return queryset.select_related(*STR_RELATED.get(related_model._meta.label_lower, ()))


def get_deleted_objects(objs, request, admin_site):
    """django.contrib.admin.utils.get_deleted_objects (Django 5.2) with the collector above."""
    try:
        obj = objs[0]
    except IndexError:
        return [], {}, set(), []
    collector = NestedObjects(using=router.db_for_write(obj._meta.model), origin=objs)
    collector.collect(objs)
    perms_needed = set()

    def format_callback(obj):
        opts = obj._meta
        no_edit_link = f"{capfirst(opts.verbose_name)}: {obj}"
        if not admin_site.is_registered(obj.__class__):
            return no_edit_link
        if not admin_site.get_model_admin(obj.__class__).has_delete_permission(request, obj):
            perms_needed.add(opts.verbose_name)
        try:
            admin_url = reverse(
                f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                None,
                (utils.quote(obj.pk),),
            )
        except NoReverseMatch:
            return no_edit_link
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), admin_url, obj)

    to_delete = collector.nested(format_callback)
    protected = [format_callback(obj) for obj in collector.protected]
    model_count = {
        model._meta.verbose_name_plural: len(objs) for model, objs in collector.model_objs.items()
    }
    return to_delete, model_count, perms_needed, protected


class DeletionAdmin:
    """A ModelAdmin mixin: the delete confirmation in a constant number of queries."""

    def get_deleted_objects(self, objs, request):
        return get_deleted_objects(objs, request, self.admin_site)
