"""The build's one addition to pyproject.toml: the compiled hash-chain loop.

`judging.store._chain` (`src/judging/store/_chain.c`) is optional: without a C
compiler or OpenSSL's headers the build goes on without it, and the store runs the
same loop in Python (`judging.store.planning.python_chain_rows`).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "judging.store._chain",
            ["src/judging/store/_chain.c"],
            libraries=["crypto"],
            optional=True,
        )
    ]
)
