"""Another URL configuration, where a meeting's page is somewhere else."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [
    path("elsewhere/meetings/<int:pk>/", lambda request, pk: HttpResponse(), name="meeting_detail")
]
