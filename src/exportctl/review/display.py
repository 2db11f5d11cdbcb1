"""A name as a reviewer sees it in HTML: isolated from its line, its direction controls shown.

A name holding a right-to-left override (``Acme \\u202eLtd``) was escaped but not isolated in the
web UI and the HTML audit pack: the browser drew it reversed from the override on (``Acme dtL``)
and, the override never closed, the text after it on the same line too (the arrow and the
listed name of the queue's heading, a note's file name) — what the reviewer read was not what
was screened nor what was decided on (red29 left it; rev29c). Each name is now put in a
``<bdi>`` (an isolate: nothing in it reorders what is around it, and an Arabic or Hebrew name
still reads right to left inside it), and an explicit control (an embedding, override or
isolate) is shown as its abbreviation (``[RLO]``) instead of being obeyed, so the letters are
shown in the order they are stored and screened; the title says how the name reads when the
controls are obeyed (the screen reads both orders, ``exportctl.text.bidi``).
"""

from __future__ import annotations

import re

from markupsafe import Markup

from exportctl.text.bidi import EXPLICIT_CONTROLS, has_bidi_controls

__all__ = ["isolated", "shown_controls"]

_SPLIT = re.compile(f"([{EXPLICIT_CONTROLS}])")
# UAX #9's abbreviations: what a reviewer can look up.
_ABBREVIATION = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
}


def isolated(value: object) -> Markup:
    """``value`` as HTML text in a ``<bdi>``, its explicit bidi controls shown, not obeyed.

    >>> html = str(isolated("Acme \\u202eLtd"))
    >>> html.startswith('<bdi class="bidi" title="shown as: Acme dtL">Acme <span ')
    True
    >>> html.endswith('title="U+202E">[RLO]</span>Ltd</bdi>')
    True
    """
    text = "" if value is None else str(value)
    if not has_bidi_controls(text):
        return Markup("<bdi>%s</bdi>") % text
    parts = []
    for chunk in _SPLIT.split(text):
        if chunk in _ABBREVIATION:
            parts.append(
                Markup('<span class="bidi-control" title="%s">[%s]</span>')
                % (f"U+{ord(chunk):04X}", _ABBREVIATION[chunk])
            )
        elif chunk:
            parts.append(Markup("%s") % chunk)
    return Markup('<bdi class="bidi" title="shown as: %s">%s</bdi>') % (
        _shown(text),
        Markup("").join(parts),
    )


def shown_controls(value: object) -> str:
    """``value`` as plain text with its explicit bidi controls as ``[RLO]``: for where no
    markup can go (a page's ``<title>``, drawn in the browser's tab)."""
    text = "" if value is None else str(value)
    return _SPLIT.sub(lambda m: f"[{_ABBREVIATION[m.group()]}]", text)


def _shown(text: str) -> str:
    """How ``text`` displays with its controls obeyed (left to right, as a screen draws it)."""
    # Not text.bidi.reading_order, which turns right-to-left runs back into reading order: the
    # title shows what another system obeying the controls draws.
    import icu  # type: ignore[import-not-found,import-untyped,unused-ignore]

    bidi = icu.Bidi()
    bidi.setPara(icu.UnicodeString(text))
    return str(bidi.writeReordered(icu.Bidi.REMOVE_BIDI_CONTROLS | icu.Bidi.DO_MIRRORING))
