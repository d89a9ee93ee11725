"""Admin for content editors. Every saved or deleted change publishes a new content release."""

from __future__ import annotations

from django.contrib import admin

from decision_aid.content import models
from decision_aid.content.releases import publish_release


class PublishOnChange(admin.ModelAdmin):
    """Publish a new content release after each change (once the inlines are saved too)."""

    def _publish(self, request, verb: str, obj) -> None:
        name = self.model._meta.verbose_name
        publish_release(f"{verb} {name} “{obj}”", user=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._publish(request, "Changed" if change else "Added", form.instance)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._publish(request, "Deleted", obj)

    def delete_queryset(self, request, queryset):
        names = ", ".join(str(obj) for obj in queryset[:5])
        super().delete_queryset(request, queryset)
        publish_release(f"Deleted {self.model._meta.verbose_name_plural}: {names}", request.user)


class ScheduleInline(admin.StackedInline):
    model = models.Schedule
    can_delete = False
    min_num = max_num = 1


class DrugInline(admin.TabularInline):
    model = models.Drug
    extra = 0


class BenefitInline(admin.TabularInline):
    model = models.Benefit
    extra = 0


class MonitoringTestInline(admin.StackedInline):
    model = models.MonitoringTest
    extra = 0


class OptionSideEffectInline(admin.TabularInline):
    model = models.OptionSideEffect
    extra = 0
    autocomplete_fields = ["side_effect"]
    fields = ["side_effect", "frequency", "band", "band_source", "order"]


class SourceInline(admin.TabularInline):
    model = models.Source
    extra = 0
    min_num = 1


@admin.register(models.Option)
class OptionAdmin(PublishOnChange):
    list_display = ["name", "slug", "group", "route", "reviewed_on", "next_review"]
    list_filter = ["group", "route", "next_review"]
    search_fields = ["name", "slug", "summary"]
    readonly_fields = ["slug"]
    inlines = [
        ScheduleInline,
        DrugInline,
        BenefitInline,
        MonitoringTestInline,
        OptionSideEffectInline,
        SourceInline,
    ]
    fieldsets = [
        (None, {"fields": ["slug", "name", "group", "order", "summary", "who_for"]}),
        ("How it is given", {"fields": ["route", "settings", "how_given"]}),
        ("What it is like", {"fields": ["living_physical", "living_emotional", "living_social"]}),
        ("Side effects", {"fields": ["few_side_effects", "hair_loss", "hair_loss_text"]}),
        ("Stopping", {"fields": ["stopping"]}),
        ("Pregnancy, contraception and breastfeeding", {"fields": ["pregnancy"]}),
        ("What it can do (numbers and their source)", {"fields": ["evidence"]}),
        ("Governance", {"fields": ["reviewed_on", "next_review", "reviewer", "notes_for_team"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The slug is a stable public identifier: set once, never changed.
        return ["slug"] if obj else []


@admin.register(models.SideEffect)
class SideEffectAdmin(PublishOnChange):
    list_display = ["name", "key"]
    search_fields = ["name", "key", "explanation"]


@admin.register(models.TreatmentGroup)
class TreatmentGroupAdmin(PublishOnChange):
    list_display = ["name", "slug", "order"]


@admin.register(models.CatalogueText)
class CatalogueTextAdmin(PublishOnChange):
    list_display = ["key", "text"]


@admin.register(models.ContentRelease)
class ContentReleaseAdmin(admin.ModelAdmin):
    """Releases are a permanent record: readable, never added, changed or deleted by hand."""

    list_display = ["id", "created_at", "summary", "edition", "created_by"]
    fields = ["id", "created_at", "summary", "edition", "created_by", "digest"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
