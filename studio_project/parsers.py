"""The API's JSON parser: DRF's, with a bound on nesting.

Python's decoder recurses once per bracket, so a few kilobytes of `[[[[...` end in a RecursionError
(a 500). No Studio request nests more than a few levels; anything past MAX_DEPTH is a 400.
"""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32
TOO_DEEP = f"JSON parse error - the document is nested more than {MAX_DEPTH} levels deep; send a flatter body."


def depth_exceeds(data, limit):
    """Whether any value in `data` sits more than `limit` containers deep (a loop, so it cannot recurse)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        if depth > limit:
            return True
        stack.extend((item, depth + 1) for item in value)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if depth_exceeds(data, MAX_DEPTH):
            raise ParseError(TOO_DEEP)
        return data
