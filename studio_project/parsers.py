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


def first_problem(data, limit):
    """What is wrong with `data`, in one walk (a loop, so it cannot recurse): TOO_DEEP when a value sits more
    than `limit` containers deep, the first lone surrogate of any string or key, or None."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if match := SURROGATE.search(value):
                return match.group()
            continue
        if isinstance(value, dict):
            items = [*value.keys(), *value.values()]
        elif isinstance(value, list):
            items = value
        else:
            continue
        if depth > limit:
            return TOO_DEEP
        stack.extend((item, depth + 1) for item in items)
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
        problem = first_problem(data, MAX_DEPTH)
        if problem == TOO_DEEP:
            raise ParseError(TOO_DEEP)
        if problem is not None:
            raise ParseError(
                f"JSON parse error - the body contains an unpaired surrogate (\\u{ord(problem):04x}); "
                "send valid UTF-8 text."
            )
        return data
