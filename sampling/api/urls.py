from django.urls import path

from . import views

urlpatterns = [
    path("dip-samples/", views.DipSampleList.as_view(), name="dipsample-list"),
    path("dip-samples/<int:pk>/", views.DipSampleDetail.as_view(), name="dipsample-detail"),
    path("dip-sample-items/<int:pk>/result/", views.DipSampleItemResult.as_view(), name="dipsampleitem-result"),
]
