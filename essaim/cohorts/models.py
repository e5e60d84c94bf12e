from django.db import models
from django.db.models import F, Q

from essaim.core.models import TimeStampedModel
from essaim.programmes.models import Programme, Theme


class Cohort(TimeStampedModel):
    """A group of organisations supported together within a programme (5 to 6 in ESSor)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    theme = models.ForeignKey(
        Theme, verbose_name="thème", null=True, blank=True, on_delete=models.SET_NULL
    )
    name = models.CharField("nom", max_length=200)
    description = models.TextField("description", blank=True)
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("fin", null=True, blank=True)
    min_size = models.PositiveSmallIntegerField("taille minimale", default=5)
    max_size = models.PositiveSmallIntegerField("taille maximale", default=6)

    class Meta:
        verbose_name = "cohorte"
        ordering = ["programme", "start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_size__gte=F("min_size")), name="cohort_size_range"
            ),
            models.UniqueConstraint(fields=["programme", "name"], name="unique_cohort_name"),
        ]

    def __str__(self):
        return self.name
