"""The characters and pairs of characters of a text: what search looks up words of one or two characters in.

A `contains` search of three characters or more is served by PostgreSQL's trigram indexes. Chinese words are mostly
two characters and many Burmese syllables two code points, which no trigram covers: without another index such a
search reads every article. So each article also stores, per language, the distinct characters and pairs of its title
and plain-text body, separated by spaces, and PostgreSQL keeps a GIN index of them (migration 0014): a word of one or
two characters is in a text exactly when it is one of these grams.
"""

SHORT_QUERY = 2  # the longest query the grams answer; longer ones use the trigram indexes


def grams(*texts):
    """The distinct characters and pairs of `texts` (each on its own: no pair spans two), none with a space."""
    found = set()
    for text in texts:
        found.update(text)
        found.update(text[at : at + 2] for at in range(len(text) - 1))
    return " ".join(sorted(gram for gram in found if not any(char.isspace() for char in gram)))


def answers(query):
    """Whether the grams answer `query` exactly."""
    return 0 < len(query) <= SHORT_QUERY and not any(char.isspace() for char in query)
