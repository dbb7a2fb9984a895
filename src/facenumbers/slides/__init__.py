"""Slides and one-page handouts for each lesson, built from the lesson notebooks.

- :mod:`facenumbers.slides.content` chooses what a lesson's slides show, by fixed rules
  (the key charts in one table, :data:`~facenumbers.slides.content.KEY_CHARTS`).
- :mod:`facenumbers.slides.charts` runs a lesson headless and draws its key charts as SVG.
- :mod:`facenumbers.slides.build` writes a slide notebook and turns it into a reveal.js deck
  with nbconvert's slides exporter, with a local copy of reveal.js (nothing from a CDN).
- :mod:`facenumbers.slides.handouts` writes the printable one-page handouts, with the
  lesson's formulas (:data:`~facenumbers.slides.handouts.FORMULAS`).

``python -m facenumbers.slides --out build/slides`` builds them all (``make slides``).

>>> from facenumbers.slides import content
>>> len(content.KEY_CHARTS) > 0
True
"""
