"""The agent interface: the operations an AI agent (or a script) uses to work on one site.

``operations`` holds what an agent can do (read, find similar posts, create, update,
check, build), each returning typed results; ``workspace`` keeps the site's documents
parsed between calls; ``files`` keeps every write inside the site and atomic;
``mcp_server`` exposes the operations as Model Context Protocol tools over stdio
(``wren mcp``). The same operations back ``wren posts`` and ``wren new post --format json``.
"""
