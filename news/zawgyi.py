"""Zawgyi detection for Burmese text, with Google's myanmartools."""

from functools import cache

from myanmartools import ZawgyiDetector

REFUSE_ABOVE = 0.95
WARN_ABOVE = 0.05


@cache
def _detector():
    return ZawgyiDetector()


def zawgyi_probability(text):
    """Probability that `text` is Zawgyi-encoded; 0 for text without Burmese letters."""
    if not text:
        return 0.0
    probability = _detector().get_zawgyi_probability(text)
    # The detector returns -inf for text with no Myanmar code points.
    return max(probability, 0.0)
