from django.urls import path

from .urls_cases import urlpatterns as cases_urlpatterns
from .views import clocks

app_name = "safeguarding"

urlpatterns = [
    path("clocks/", clocks.clock_list, name="clocks"),
]

urlpatterns += cases_urlpatterns  # Clare's Law, bail and release, the Victims' Code
