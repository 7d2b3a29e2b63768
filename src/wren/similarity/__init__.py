"""Is this post already on the site? Titles and bodies compared, one rule for every caller.

``wren build`` (a post published twice), ``wren new post`` (a warning before writing),
``wren check`` (the duplicates check) and the agent interface (a refusal) all ask
``duplicates``. ``titles``, ``title_structure`` and ``rewording`` read titles;
``bodies`` (shared word runs) and ``vocabulary`` (shared specific words) read bodies.
"""
