"""pytest plugin: nbval checks a cell tagged ``nbval-approx`` word for word, and its numbers to a tolerance.

A cell that trains or embeds prints numbers that another CPU, BLAS library, thread count or torch version
reproduces only roughly (a few epochs from the same seed drift apart in the third digit). Such a cell cannot be
checked exactly, yet the prose reads its printout. Tagged ``nbval-check-output`` and ``nbval-approx``, its new
printout must equal the stored one once every number in both is taken out, and each number must be within
``REL`` of the stored one or one unit of its last printed digit (0.0459 may be 0.0457-0.0461, 7 may be 6-8:
a count of points near a boundary moves by one between CPUs). A cell's tag ``nbval-approx=0.2`` sets its own
relative tolerance. Other cells are compared exactly, as nbval does.

Measured when the tag was introduced: under generic ATen kernels with oneDNN capped at SSE4.1, the tagged cells'
numbers moved by at most 3.6 %. A run that tips (clusters in use jumping, the k-means ACC of a barely trained
autoencoder) is not tagged at all.
"""
import re

import pytest

REL = 0.05
TAG = "nbval-approx"
# a number that is not part of a word (t1, 0x1f, v2): 12, -0.5, 55,000, 1e-05, 83%
NUMBER = re.compile(r"(?<![\w.])[-+−]?\d+(?:,\d{3})*(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w])")


def _value(token: str) -> float:
    return float(token.replace(",", "").replace("−", "-"))


def _unit(token: str) -> float:
    """One unit of the token's last printed digit: 1 for 7 or 10,000, 0.001 for 0.805, 1e-06 for 1.5e-05."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def differences(stored: str, new: str, rel: float = REL) -> list[str]:
    """Why `new` does not match `stored` up to its numbers' tolerance (no entries: it matches)."""
    if NUMBER.split(stored) != NUMBER.split(new):
        return ["the words around the numbers differ"]
    pairs = zip(NUMBER.findall(stored), NUMBER.findall(new))
    return [f"{a} -> {b}" for a, b in pairs
            if abs(_value(a) - _value(b)) > max(rel * abs(_value(a)), _unit(a)) * (1 + 1e-9)]


def tolerance(tags) -> float | None:
    """The relative tolerance a cell's tags ask for, or None for a cell compared exactly."""
    for tag in tags:
        if tag == TAG:
            return REL
        if tag.startswith(TAG + "="):
            try:
                return float(tag.split("=", 1)[1])
            except ValueError:
                raise ValueError(f"cell tag {tag!r}: write the relative tolerance as a number, "
                                 f"e.g. {TAG}=0.2") from None
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
            item.comparison_traceback.append(f"{TAG}: beyond {rel:.0%} or one unit of the last digit: "
                                             + ", ".join(found))
        return same
    return compare_outputs
