"""The data files of ``stance``, installed as the package ``stance.lexicons``.

Nothing here is code: see README.md in this folder.
"""
