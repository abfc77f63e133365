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
            headers = response.headers
            if len(usages) == 1:  # nearly every request: one limit
                headers["RateLimit-Policy"] = usages[0].policy_header()
                headers["RateLimit"] = usages[0].header()
            else:
                headers["RateLimit-Policy"] = ", ".join([usage.policy_header() for usage in usages])
                headers["RateLimit"] = ", ".join([usage.header() for usage in usages])
        return response
