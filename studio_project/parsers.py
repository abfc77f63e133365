"""The API's JSON parser: DRF's, with a bound on nesting, on number length and on text.

Python's decoder recurses once per bracket, so a few kilobytes of `[[[[...` end in a RecursionError
(a 500). No Studio request nests more than a few levels; anything past MAX_DEPTH is a 400.
A `\\udXXX` escape decodes to a lone surrogate, a str that cannot be encoded as UTF-8 (not stored, not
hashed, not echoed back in an error): the body is refused as a whole. So is an integer longer than
Python's int() reads (4300 digits).
"""

import re

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32
TOO_DEEP = f"JSON parse error - the document is nested more than {MAX_DEPTH} levels deep; send a flatter body."
TOO_LONG_NUMBER = "JSON parse error - a number in the body has too many digits; send a shorter one."
SURROGATE = re.compile("[\ud800-\udfff]")


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


def first_surrogate(data):
    """The first lone surrogate in any string or key of `data`, or None (a loop, so it cannot recurse)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if match := SURROGATE.search(value):
                return match.group()
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return None


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        except ParseError as exc:
            if "int_max_str_digits" in str(exc.__context__):  # int()'s limit, named after a Python function
                raise ParseError(TOO_LONG_NUMBER) from None
            raise
        if depth_exceeds(data, MAX_DEPTH):
            raise ParseError(TOO_DEEP)
        if (char := first_surrogate(data)) is not None:
            raise ParseError(
                f"JSON parse error - the body contains an unpaired surrogate (\\u{ord(char):04x}); "
                "send valid UTF-8 text."
            )
        return data
