"""The build pipeline's stages, each taking typed values in and handing typed values out::

    discover     content/ -> SourceFile (post, chapter, course page)
    frontmatter  split, load safely, validate -> PostMeta / ChapterMeta / CourseMeta
    markdown     body -> RenderedBody (HTML, headings, text, links, code blocks)
    highlight    code blocks -> coloured HTML (tree-sitter grammars, Pygments for the rest)
    parse        SourceFile -> Document (one file, independent of all others)
    assemble     Documents -> Site (posts, courses, chapters, tags; URLs claimed)
    write        OutputFiles -> the output folder, swapped in atomically

with their helpers: ``slug`` and ``summary`` (names and summaries), ``dates`` (the dates
pages show) and ``urls`` (where things live in the built site). Rendering Site -> OutputFiles
through templates is :mod:`wren.theme`; ``wren.build`` runs the whole flow.
"""
