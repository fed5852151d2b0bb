from django.urls import path

from . import views_sampling as views

app_name = "dip_sampling"

urlpatterns = [
    path("", views.compliance, name="compliance"),
    path("draw/", views.draw, name="draw"),
    path("samples/<int:pk>/", views.sample, name="sample"),
    path("items/<int:pk>/", views.item, name="item"),
    path("practice-issues/<int:pk>/", views.issue, name="issue"),
]
