from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("without-a-plan/", views.without_plan, name="without_plan"),
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    path("start/<int:assessment_pk>/", views.start, name="start"),
    path("add-assessment/<int:assessment_pk>/", views.add_assessment, name="add_assessment"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/actions/", views.action_add, name="action_add"),
    path("<int:pk>/actions/<int:action_pk>/", views.action_update, name="action_update"),
    path("<int:pk>/tasks/", views.task_add, name="task_add"),
    path("<int:pk>/tasks/<int:task_pk>/complete/", views.task_complete, name="task_complete"),
    path("<int:pk>/reviews/", views.review, name="review"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/owner/", views.reassign, name="reassign"),
]
