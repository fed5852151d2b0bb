"""A row rule kept once, in the database, and reported beside the field it is about."""

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, models


class FieldCheckConstraint(models.CheckConstraint):
    """A CheckConstraint whose violation, when Model.full_clean (or a ModelForm) checks it, names ``field``.

    The database refuses the row whatever writes it; full_clean asks the same condition before the write, so
    a form or the API shows ``violation_error_message`` beside the field instead of a 500. Which field is a
    Python-side detail, like the message: migrations keep a plain CheckConstraint (``deconstruct``), so
    changing either alters no table.
    """

    def __init__(self, *, field: str, **kwargs):
        if not kwargs.get("violation_error_message"):
            raise TypeError("A FieldCheckConstraint needs the violation_error_message shown beside its field.")
        self.field = field
        super().__init__(**kwargs)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as exc:
            raise ValidationError({self.field: exc.error_list}) from None

    def deconstruct(self):
        _, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs

    def clone(self):
        _, args, kwargs = self.deconstruct()
        return type(self)(*args, field=self.field, **kwargs)


def refusal(exc: IntegrityError, *models_) -> ValidationError | None:
    """The error full_clean would have given for a row the database refused by one of these models'
    FieldCheckConstraints (a batch written without checking each row first); None for any other refusal."""
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    for model in models_:
        for constraint in model._meta.constraints:
            if constraint.name == name and isinstance(constraint, FieldCheckConstraint):
                return ValidationError({constraint.field: constraint.get_violation_error_message()})
    return None


def constraint_errors(instance: models.Model, *, exclude=()) -> dict[str, list[str]]:
    """What the model's constraints say of an unsaved row, by field: a form or serializer that holds values
    for a row shows these beside its fields rather than restating the rules (empty: nothing refused)."""
    try:
        instance.validate_constraints(exclude=set(exclude))
    except ValidationError as exc:
        return exc.message_dict
    return {}
