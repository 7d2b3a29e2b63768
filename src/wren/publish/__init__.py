"""The files a site publishes besides its pages: feeds, sitemap, listings, redirects, search.

``outputs`` gathers them for a build: ``feeds`` (Atom and RSS), ``sitemap`` (and robots.txt),
``listings`` (llms.txt and index.json), ``redirects`` (one page per alias) and ``search``
(the Pagefind index).
"""
