# The compiled encoder (`_copy.c`): `pg_copy.python_copy_rows` in C.
from judging.store.pg_copy import CopyRows

copy_rows: CopyRows
