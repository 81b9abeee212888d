# The compiled loop (`_chain.c`): `planning.python_chain_rows` in C.
from judging.store.planning import ChainRows

chain: ChainRows
