from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "preferred_language", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "preferred_language")
    # The person chooses their language (the switch, My preferences); the admin shows it only, so
    # that ``accounts.services.preferred_language_set`` stays its one write path.
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Preferences"), {"fields": ("preferred_language",)}),
        # An account with a subject signs in through the identity provider, whose groups replace
        # its ARTF and executive groups and its sector memberships at every sign-in.
        (_("Identity provider"), {"fields": ("oidc_subject",)}),
    )
    readonly_fields = ("preferred_language", "oidc_subject")
