from django.urls import path

from .views import clocks

app_name = "safeguarding"

urlpatterns = [
    path("clocks/", clocks.clock_list, name="clocks"),
]
