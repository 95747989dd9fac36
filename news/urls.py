from django.urls import path

from . import views

app_name = "news"

urlpatterns = [
    path("column/<slug:slug>/", views.ColumnDetailView.as_view(), name="column-detail"),
    path("<int:pk>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("<int:pk>/qr.svg", views.ArticleQrCodeView.as_view(), name="article-qr"),
    path("<int:pk>/preview/", views.ArticlePreviewView.as_view(), name="article-preview"),
]
