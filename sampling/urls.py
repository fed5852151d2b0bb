from django.urls import path

from . import views

app_name = "sampling"

urlpatterns = [
    path("", views.compliance, name="compliance"),
    path("draw/", views.draw, name="draw"),
    path("samples/<int:pk>/", views.sample, name="sample"),
    path("items/<int:pk>/", views.item, name="item"),
    path("practice-issues/<int:pk>/", views.issue, name="issue"),
]
