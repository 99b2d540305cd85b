from django import template

from carnet.records.timeline import entry_date as _entry_date

register = template.Library()


@register.filter
def verbose_kind(entry):
    return entry._meta.verbose_name


@register.filter
def entry_date(entry):
    return _entry_date(entry)


@register.filter
def highlight(findings):
    """The scanned text with each finding wrapped in <mark>, all else escaped."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    text, out, last = findings.text, [], 0
    for f in findings:
        if f.start < last:
            continue  # overlapping spans: the first one is shown
        out.append(escape(text[last:f.start]))
        out.append(f'<mark title="{escape(f.label)}">{escape(text[f.start:f.end])}</mark>')
        last = f.end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


@register.filter
def field_label(form, name):
    return form.fields[name].label
