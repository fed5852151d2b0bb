from rest_framework.permissions import BasePermission

from audit.consultation import consultation_mark


class RolePermission(BasePermission):
    """Signed-in users holding the view's ``permission_required``; a view that names none is closed.

    ``permission_required`` is a permission string, a tuple of them, or a dict
    from HTTP method to either; an empty tuple opens the view to every signed-in user.
    """

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        required = getattr(view, "permission_required", None)
        if isinstance(required, dict):
            required = required.get(request.method, required.get("*"))
        if required is None:
            return False
        if isinstance(required, str):
            required = (required,)
        return user.has_perms(required)

    def has_object_permission(self, request, view, obj) -> bool:
        # Every get_object() passes here: the consultation log names the record the call is about.
        consultation_mark(obj)
        return True
