r"""Is a waiver's approver someone other than its owner?

The names are free text from the repository, so ``Alice`` / ``alice``, ``@alice``,
``orders_team`` / ``orders-team``, the fullwidth ``\uff41lice``, a Cyrillic ``\u0430lice`` or
``alice`` with a zero-width space must all count as the same person. :func:`skeleton` is
compared instead of the raw text:

1. NFKC (compatibility forms: fullwidth, ligatures, super/subscripts);
2. default-ignorable characters removed (zero-width space/joiner, soft hyphen, bidi marks,
   variation selectors);
3. a minimal confusables map in the spirit of Unicode TR39's skeleton: the Cyrillic, Greek
   and Latin letters and digits that render like ASCII letters (Cyrillic ``\u0430``->``a``,
   Greek ``\u03bf``->``o``, ``I``/``1``/``|``->``l``, ``0``->``o``, ``rn``->``m``,
   ``vv``->``w``), before and after casefolding;
4. casefolding, accents removed (NFKD minus combining marks), ``i`` read as ``l`` (an
   uppercase ``I`` looks like ``l``; after casefolding it is an ``i``);
5. a leading ``@`` and the separators ``-``, ``_``, ``.`` and spaces removed.

No maintained Python library gives TR39 skeletons with a small footprint (govlint runs as a
pre-commit hook), so the map is govlint's own and deliberately minimal: it covers the
letters an attacker would use to fake an ASCII name; it can produce false "same person"
verdicts only between names that already look alike, which is the point.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Default-ignorable code points that render as nothing.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
# Look-alikes of ASCII letters and digits (TR39 confusables.txt, ASCII targets only):
# Cyrillic, Greek, then Latin letters and digits; _FROM[i] looks like _TO[i].
_FROM = (
    "\u0430\u0432\u0435\u0451\u04bb\u0456\u0457\u0458\u043a\u04cf\u043c\u043d"
    "\u043e\u0440\u0441\u051b\u0455\u0442\u0443\u051d\u0445\u0501\u0261\u04af"
    "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0405"
    "\u0406\u0408\u04ae\u050c"
    "\u03b1\u03b2\u03b5\u03b7\u03b9\u03ba\u03bd\u03bf\u03c1\u03c4\u03c5\u03c7"
    "\u03c9\u03f2\u03f3\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d"
    "\u039f\u03a1\u03a4\u03a5\u03a7"
    "\u0131\u0237\u0269\u029f\u0251\u2113I1|\u01c005"
)
_TO = (
    "abeehiijklmhopcqstywxdgyabekmhopctxsljyg"  # Cyrillic
    "abenikvoptuxwcjabezhlkmnoptyx"  # Greek
    "ijilalllllos"  # Latin and digits
)
_CONFUSABLES = str.maketrans(_FROM, _TO)
_I_L = str.maketrans("i", "l")  # after casefolding, "I" (like l) and "i" are one letter
_MULTI = (("rn", "m"), ("vv", "w"), ("cl", "d"))
_SEPARATORS = re.compile(r"[\s\-_.]+")


@lru_cache(maxsize=1024)
def skeleton(name: str) -> str:
    """The form two names are compared in (see the module docstring)."""
    text = unicodedata.normalize("NFKC", name)
    text = _INVISIBLE.sub("", text).translate(_CONFUSABLES).casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))
    text = text.translate(_CONFUSABLES).translate(_I_L)
    for many, one in _MULTI:
        text = text.replace(many, one)
    return _SEPARATORS.sub("", text.strip().lstrip("@"))


def same_person(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` name the same person or team (after :func:`skeleton`)."""
    return a == b or skeleton(a) == skeleton(b)
