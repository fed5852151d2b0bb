from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Pages of 50 by default; ``page_size`` up to 200, refused (400) when it is not one whole number from 1."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        message = f"One whole number from 1 to {self.max_page_size} (larger ones give {self.max_page_size})."
        if len(values) > 1 or not values[0].isascii() or not values[0].isdigit() or int(values[0]) < 1:
            raise ValidationError({self.page_size_query_param: [message]})
        return min(int(values[0]), self.max_page_size)
