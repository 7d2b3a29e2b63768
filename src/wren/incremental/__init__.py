"""What makes a second build cheap: nothing here changes what a build makes, only its cost.

``cache`` keeps parsed documents and the previous build's pages in ``SITE/.wren-cache/``;
``fingerprint`` knows what each page is made from, so an unchanged page is not rendered
again; ``workers`` spreads parsing over all cores; ``heap`` keeps what a builder holds
between builds out of the cycle collector's full collections.
"""
