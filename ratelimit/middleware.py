from ratelimit.buckets import Usage


class RateLimitHeadersMiddleware:
    """Adds the IETF RateLimit-Policy and RateLimit headers for every limit a request was counted against.

    Format of draft-ietf-httpapi-ratelimit-headers: `"api";q=60;w=60` and `"api";r=41;t=17`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        usages: list[Usage] = request.__dict__.get("ratelimit_usages")
        if usages:
            response.headers["RateLimit-Policy"] = ", ".join([usage.policy_header() for usage in usages])
            response.headers["RateLimit"] = ", ".join([usage.header() for usage in usages])
        return response
