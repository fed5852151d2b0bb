from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreMiddleware:
    """Personal data must not sit in a browser or proxy cache: no-store on every signed-in response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated or request.path.startswith("/api/"):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
