from django.urls import path

from . import views

urlpatterns = [
    path("people/search/", views.PersonSearch.as_view(), name="person-search"),
    path("people/", views.PersonListCreate.as_view(), name="person-list"),
    path("people/<int:pk>/", views.PersonDetail.as_view(), name="person-detail"),
]
