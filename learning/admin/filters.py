"""The learning-event list's filters: fixed choices, never a DISTINCT over the table."""

from django.contrib import admin

from director.directors import DIRECTOR_IDS


class DirectorFilter(admin.SimpleListFilter):
    """The roster as fixed choices (no DISTINCT over the table)."""

    title = "chosen director"
    parameter_name = "director"

    def lookups(self, request, model_admin):
        return [(ident, ident) for ident in DIRECTOR_IDS]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(selected_director_id=self.value())
        return queryset


class OverrideFilter(admin.SimpleListFilter):
    title = "override of the objective winner"
    parameter_name = "override"

    def lookups(self, request, model_admin):
        return [("yes", "Override"), ("no", "Followed the objective winner")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(learning_delta__wasOverride=self.value() == "yes")
        return queryset
