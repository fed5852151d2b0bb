from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/chosen/", views.chosen, name="chosen"),
    path("<int:pk>/add/<slug:kind>/", views.add_detail, name="add_detail"),
    path("<int:pk>/addresses/<int:address_pk>/reveal/", views.reveal_address, name="reveal_address"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<int:pk>/not-duplicate/", views.not_duplicate, name="not_duplicate"),
    path("merge/", views.merge, name="merge"),
    path("merges/<int:pk>/undo/", views.merge_undo, name="merge_undo"),
]
