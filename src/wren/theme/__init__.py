"""Site -> pages: the Jinja2 templates, what they may read, and what pages show in their head.

``render`` makes every page of a site through the templates of ``wren/themes/default`` (or the
site's own ``templates/`` of the same name); ``metadata`` the canonical, OpenGraph and
JSON-LD of each page; ``pagination`` splits long listings into numbered pages.
"""
