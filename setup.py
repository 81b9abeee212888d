"""The build's one addition to pyproject.toml: the append path's two compiled loops.

Both are optional: without a C compiler (or, for the first, OpenSSL's headers) the
build goes on without them, and the store runs the same loops in Python:
`judging.store._chain` (`planning.python_chain_rows`, the hash chain) and
`judging.store._copy` (`pg_copy.python_copy_rows`, PostgreSQL's binary COPY stream).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "judging.store._chain",
            ["src/judging/store/_chain.c"],
            libraries=["crypto"],
            depends=["src/judging/store/_buffer.h"],
            optional=True,
        ),
        Extension(
            "judging.store._copy",
            ["src/judging/store/_copy.c"],
            depends=["src/judging/store/_buffer.h"],
            optional=True,
        ),
    ]
)
