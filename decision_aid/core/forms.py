"""One mechanism that turns a Django bound field into the parameters of an NHS.UK component.

Templates call ``{{ form_field(form["name"]) }}`` (``templates/macros/forms.jinja``), which asks
:func:`field_params` for the component and its parameters; the error summary comes from
:func:`error_summary_params`. Forms are validated on the server only (``novalidate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

# The three boxes of a date (NHS.UK date input): name suffix, label, width in characters.
DATE_PARTS = (("_day", _lazy("Day"), 2), ("_month", _lazy("Month"), 2), ("_year", _lazy("Year"), 4))


@dataclass(frozen=True)
class ComponentParams:
    component: str  # input | textarea | character-count | radios | checkboxes | select
    params: dict[str, Any]


def _plain(value: Any) -> Any:
    """``value`` with every lazy translation made a ``str`` in the active language.

    Component parameters are cache keys (``core.jinja.component_key``): a lazy string cannot be
    one, and would make the component render uncached.
    """
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    return value


def _first_error(bound: BoundField) -> dict[str, str] | None:
    errors = bound.errors
    return {"text": str(errors[0])} if errors else None


def _hint(bound: BoundField) -> dict[str, str] | None:
    return {"text": str(bound.help_text)} if bound.help_text else None


def _label_size(bound: BoundField) -> str:
    return bound.field.widget.attrs.get("data-label-size", "")


def _choice_items(bound: BoundField) -> list[dict[str, Any]]:
    value = bound.value()
    selected = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
    hints = getattr(bound.field, "choice_hints", {}) or {}
    exclusive = getattr(bound.field, "exclusive_choices", ()) or ()
    items: list[dict[str, Any]] = []
    for choice_value, choice_label in bound.field.choices:
        if choice_value == "" and isinstance(bound.field.widget, forms.RadioSelect):
            continue  # radios and checkboxes have no empty choice; a select keeps "All"
        if choice_value in exclusive and not any(i.get("exclusive") for i in items):
            items.append({"divider": _("or")})
        item: dict[str, Any] = {
            "value": str(choice_value),
            "text": str(choice_label),
            "checked": str(choice_value) in selected,
        }
        if str(choice_value) in hints:
            item["hint"] = {"text": str(hints[str(choice_value)])}
        if choice_value in exclusive:
            item["exclusive"] = True  # ticking it clears the others (NHS.UK "none" pattern)
        items.append(item)
    return items


def field_params(bound: BoundField, **overrides: Any) -> ComponentParams:
    """Map a bound field to the NHS.UK component that should render it."""
    widget = bound.field.widget
    label_text = str(bound.label)
    size = _label_size(bound)
    common: dict[str, Any] = {
        "name": bound.html_name,
        "hint": _hint(bound),
        "errorMessage": _first_error(bound),
    }
    if isinstance(widget, forms.MultiWidget):  # a date in three boxes (DateParts)
        values = widget.decompress(bound.value()) if not bound.form.is_bound else bound.value()
        values = list(values or [None, None, None])
        has_error = bool(bound.errors)
        component = "dateInput"
        params = {
            **common,
            "id": f"{bound.auto_id}-parts",
            "fieldset": {"legend": {"text": label_text, "size": size or "m"}},
            "items": [
                {
                    "name": f"{bound.html_name}{suffix}",
                    "id": bound.auto_id if index == 0 else f"{bound.auto_id}{suffix}",
                    "label": str(part_label),
                    "value": "" if values[index] in (None, "") else str(values[index]),
                    "width": width,
                    "classes": "nhsuk-input--error" if has_error else "",
                }
                for index, (suffix, part_label, width) in enumerate(DATE_PARTS)
            ],
        }
    elif isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple is a RadioSelect too
        component = "checkboxes" if isinstance(widget, forms.CheckboxSelectMultiple) else "radios"
        params = {
            **common,
            "idPrefix": bound.auto_id,
            "fieldset": {
                "legend": {
                    "text": label_text,
                    "size": size or "m",
                    "isPageHeading": widget.attrs.get("data-page-heading") == "true",
                }
            },
            "items": _choice_items(bound),
        }
    elif isinstance(widget, forms.CheckboxInput):
        component = "checkboxes"
        params = {
            **common,
            "idPrefix": bound.auto_id,
            "items": [
                {"value": "on", "text": label_text, "checked": bool(bound.value())},
            ],
        }
    elif isinstance(widget, forms.Select):
        component = "select"
        params = {
            **common,
            "id": bound.auto_id,
            "label": {"text": label_text, "size": size or None},
            "items": [
                {"value": item["value"], "text": item["text"], "selected": item["checked"]}
                for item in _choice_items(bound)
                if "value" in item
            ],
        }
    elif isinstance(widget, forms.Textarea):
        max_length = getattr(bound.field, "max_length", None)
        component = "characterCount" if max_length else "textarea"
        params = {
            **common,
            "id": bound.auto_id,
            "label": {"text": label_text, "size": size or None},
            "value": bound.value() or "",
            "rows": widget.attrs.get("rows", 5),
        }
        if max_length:
            params["maxlength"] = max_length
    else:
        component = "input"
        value = bound.value()
        # NHS.UK pattern: numbers are text inputs with a numeric keyboard, not type="number".
        numeric = isinstance(widget, forms.NumberInput)
        params = {
            **common,
            "id": bound.auto_id,
            "label": {"text": label_text, "size": size or None},
            "value": "" if value is None else value,
            "type": "text" if numeric else getattr(widget, "input_type", "text"),
            "autocomplete": widget.attrs.get("autocomplete"),
            "inputmode": "numeric" if numeric else widget.attrs.get("inputmode"),
            "spellcheck": widget.attrs.get("spellcheck") == "true"
            if "spellcheck" in widget.attrs
            else None,
            "classes": widget.attrs.get("class"),
        }
    if bound.field.disabled:
        if "items" in params:
            params["items"] = [
                {**item, "disabled": True} if "value" in item else item for item in params["items"]
            ]
        else:
            params["disabled"] = True
    params.update(overrides)
    return ComponentParams(component=component, params=_plain(params))


def error_summary_params(form: forms.BaseForm) -> dict[str, Any] | None:
    """Parameters for the NHS.UK error summary, linking each message to its field."""
    if not form.is_bound or not form.errors:
        return None
    items = [{"text": str(error)} for error in form.non_field_errors()]
    for name in form.fields:
        bound = form[name]
        for error in bound.errors:
            items.append({"text": str(error), "href": f"#{bound.auto_id}"})
    return {"titleText": _("There is a problem"), "errorList": items}
