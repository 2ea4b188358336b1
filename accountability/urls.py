from django.urls import path

from . import views

app_name = "accountability"

urlpatterns = [
    path("reviews/", views.review_list, name="review-list"),
    path("reviews/new/", views.review_create, name="review-create"),
    path("reviews/<int:pk>/", views.review_detail, name="review-detail"),
    path("reviews/<int:pk>/recommendations/new/", views.recommendation_create, name="recommendation-create"),
    path("reviews/recommendations/<int:pk>/edit/", views.recommendation_edit, name="recommendation-edit"),
    path("engagements/", views.engagement_list, name="engagement-list"),
    path("plans/<str:code>/engagements/new/", views.engagement_form, name="engagement-create"),
    path("plans/<str:code>/engagements/<int:pk>/edit/", views.engagement_form, name="engagement-update"),
    path("plans/<str:code>/engagements/<int:pk>/delete/", views.engagement_delete, name="engagement-delete"),
    path("plans/<str:code>/approvals/", views.approval_record, name="approval-record"),
]
