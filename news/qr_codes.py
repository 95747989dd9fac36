"""QR codes of article addresses, for readers who move from a screen or a printout to a phone."""

import segno


def qr_code_svg(data):
    """`data` (an absolute URL) as a QR code: an SVG document drawn by segno.

    The same data always gives the same drawing. Error correction M and a light background keep it readable from a
    screen or a printout; the viewBox keeps the square when CSS scales it.
    """
    code = segno.make(data, error="m", micro=False)
    svg = code.svg_inline(border=4, light="#fff", svgclass=None, lineclass=None, omitsize=True)
    return svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
