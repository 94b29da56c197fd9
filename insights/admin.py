from django.contrib import admin

from .models import InsightsSettings


@admin.register(InsightsSettings)
class InsightsSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "cost_per_contact", "community_cost_per_month"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not InsightsSettings.objects.exists()
