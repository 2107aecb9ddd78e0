from django.urls import path

from evaluation import views

# The public URL contract (DESIGN.md): emails link to /surveys/ and /surveys/<id>/.
urlpatterns = [
    path("", views.survey_list, name="surveys"),
    path("<int:pk>/", views.survey_answer_view, name="survey_answer"),
]
