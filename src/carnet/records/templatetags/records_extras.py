from django import template

from carnet.records.timeline import entry_date as _entry_date

register = template.Library()


@register.filter
def verbose_kind(entry):
    return entry._meta.verbose_name


@register.filter
def entry_date(entry):
    return _entry_date(entry)
