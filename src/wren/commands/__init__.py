"""The ``wren`` command line: ``cli`` parses the commands, ``scaffold`` writes new sites, posts
and chapters, ``similar_titles`` warns when a new post's title nearly matches another's."""
