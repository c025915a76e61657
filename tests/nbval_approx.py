"""pytest plugin: nbval checks a cell tagged ``nbval-approx`` word for word, and its numbers to a tolerance.

A cell that trains or embeds prints numbers that another CPU, BLAS library, thread count or torch version
reproduces only roughly (a few epochs from the same seed drift apart in the third digit). Such a cell cannot be
checked exactly, yet the prose reads its printout. Tagged ``nbval-check-output`` and ``nbval-approx``, its new
printout must equal the stored one once every number in both is taken out, and each number must be within
``REL`` of the stored one (or ``ABS`` of it, for numbers near 0). A cell's tag ``nbval-approx=0.3`` sets its
own relative tolerance. Other cells are compared exactly, as nbval does.
"""
import re

import pytest

REL, ABS = 0.1, 0.02
TAG = "nbval-approx"
# a number that is not part of a word (t1, 0x1f, v2): 12, -0.5, 55,000, 1e-05, 83%
NUMBER = re.compile(r"(?<![\w.])[-+−]?\d+(?:,\d{3})*(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w])")


def _value(token: str) -> float:
    return float(token.replace(",", "").replace("−", "-"))


def differences(stored: str, new: str, rel: float = REL, abs_: float = ABS) -> list[str]:
    """Why `new` does not match `stored` up to its numbers' tolerance (no entries: it matches)."""
    if NUMBER.split(stored) != NUMBER.split(new):
        return ["the words around the numbers differ"]
    pairs = zip(NUMBER.findall(stored), NUMBER.findall(new))
    return [f"{a} -> {b}" for a, b in pairs
            if abs(_value(a) - _value(b)) > max(abs_, rel * abs(_value(a)))]


def tolerance(tags) -> float | None:
    """The relative tolerance a cell's tags ask for, or None for a cell compared exactly."""
    for tag in tags:
        if tag == TAG:
            return REL
        if tag.startswith(TAG + "="):
            return float(tag.split("=", 1)[1])
    return None


def _texts(output) -> list[tuple[dict, str]]:
    """(the dict holding it, key) of each text an output carries: a stream's text, a display's text/plain."""
    if output.get("output_type") == "stream":
        return [(output, "text")]
    data = output.get("data", {})
    return [(data, "text/plain")] if "text/plain" in data and "image/png" not in data else []


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Give each tagged cell a comparison that lets its numbers move by the tolerance."""
    for item in items:
        rel = tolerance(getattr(getattr(item, "cell", None), "metadata", {}).get("tags", []))
        if rel is not None:
            item.compare_outputs = _approximate(item, item.compare_outputs, rel)


def _approximate(item, compare, rel):
    def compare_outputs(test, ref, skip_compare=None):
        """Where a new text matches the stored one to tolerance, nbval compares the stored text with itself."""
        found = []
        for new, stored in zip(test, ref):
            if new.get("output_type") != stored.get("output_type") or new.get("name") != stored.get("name"):
                break
            for (holder, key), (stored_holder, stored_key) in zip(_texts(new), _texts(stored)):
                off = differences(item.sanitize(stored_holder[stored_key]), item.sanitize(holder[key]), rel)
                if off:
                    found += off
                else:
                    holder[key] = stored_holder[stored_key]
        same = compare(test, ref, skip_compare)
        if not same and found:
            item.comparison_traceback.append(f"{TAG}: beyond {rel:.0%} (or {ABS}): " + ", ".join(found))
        return same
    return compare_outputs
