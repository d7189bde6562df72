"""The static health dashboard written by ``govlint dashboard`` (``site``) and its inline
SVG charts (``svg``); ``assets/`` holds the CSS and JavaScript inlined into the page."""
