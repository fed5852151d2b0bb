from django.urls import path

from . import sampling

urlpatterns = [
    path("dip-samples/", sampling.DipSampleList.as_view(), name="dipsample-list"),
    path("dip-samples/<int:pk>/", sampling.DipSampleDetail.as_view(), name="dipsample-detail"),
    path("dip-sample-items/<int:pk>/result/", sampling.DipSampleItemResult.as_view(), name="dipsampleitem-result"),
]
