/* The hot loop of a group commit's plan, compiled: one request's rows, hash-chained.
 *
 * `judging.store.planning.GroupPlan._record_all` holds the same loop in Python and is
 * the definition; this module is an optional accelerator built when a C compiler and
 * OpenSSL's headers are at hand (`setup.py`), and the tests check that both give the
 * same rows for the same input. Per event it fills the canonical JSON of
 * `hashing.CHAINED_EVENT` into one buffer, hashes it with OpenSSL's SHA-256 (the
 * digest Python's `hashlib` uses here), and builds the row tuple (`rows.Row`):
 * about a third of the interpreter's cost per event.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "_buffer.h"
#include <openssl/evp.h>
#include <string.h>

static const EVP_MD *sha256_md = NULL;
static PyObject *str_event_id, *str_type, *str_int;

static const char HEX[] = "0123456789abcdef";

/* The 16 bytes of an event id's `int`, most significant first. */
static int
uuid_bytes(PyObject *event_id, unsigned char out[16])
{
    PyObject *value = PyObject_GetAttr(event_id, str_int);
    if (value == NULL) {
        return -1;
    }
    if (!PyLong_Check(value)) {
        Py_DECREF(value);
        PyErr_SetString(PyExc_TypeError, "an event id's int must be an int");
        return -1;
    }
#if PY_VERSION_HEX >= 0x030D0000
    Py_ssize_t n = PyLong_AsNativeBytes(
        value, out, 16, Py_ASNATIVEBYTES_BIG_ENDIAN | Py_ASNATIVEBYTES_UNSIGNED_BUFFER);
    int failed = n < 0 || n > 16;
#else
    int failed = _PyLong_AsByteArray((PyLongObject *)value, out, 16, 0, 0) < 0;
#endif
    Py_DECREF(value);
    if (failed) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_OverflowError, "an event id's int takes more than 128 bits");
        }
        return -1;
    }
    return 0;
}

#define PUT_LITERAL(b, s) put((b), (s), sizeof(s) - 1)

static inline void
put_int(Buffer *b, long long value)
{
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%lld", value);
    put(b, digits, (size_t)n);
}

/* A UUID's text: 32 lowercase hex digits in groups of 8-4-4-4-12. */
static inline void
put_uuid(Buffer *b, const unsigned char id[16])
{
    char *out = b->data + b->len;
    for (int k = 0; k < 16; k++) {
        if (k == 4 || k == 6 || k == 8 || k == 10) {
            *out++ = '-';
        }
        *out++ = HEX[id[k] >> 4];
        *out++ = HEX[id[k] & 15];
    }
    b->len = (size_t)(out - b->data);
}

/* `bytes` content, or an error naming what was expected. */
static int
bytes_of(PyObject *o, const char **s, Py_ssize_t *n, const char *what)
{
    if (!PyBytes_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s must be bytes", what);
        return -1;
    }
    *s = PyBytes_AS_STRING(o);
    *n = PyBytes_GET_SIZE(o);
    return 0;
}

static PyObject *
hex_text(const unsigned char *raw, Py_ssize_t n)
{
    PyObject *text = PyUnicode_New(2 * n, 127);
    if (text == NULL) {
        return NULL;
    }
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(text);
    for (Py_ssize_t i = 0; i < n; i++) {
        out[2 * i] = HEX[raw[i] >> 4];
        out[2 * i + 1] = HEX[raw[i] & 15];
    }
    return text;
}

/* chain(digest, prev_hash, position, version, stream_id, stream_json, now_json,
 *       now_text, events, data_json, metadata_json, type_json, dumps)
 *   -> (rows, last digest, last hash)
 *
 * `events` are the request's `NewEvent`s, `data_json` and `metadata_json` their
 * canonical JSON (tuples of bytes), `type_json` each type's JSON (filled with `dumps`
 * for a type not in it yet). Positions and versions count on from the ones given. */
static PyObject *
chain(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 13) {
        PyErr_SetString(PyExc_TypeError, "chain() takes 13 arguments");
        return NULL;
    }
    PyObject *digest_obj = args[0], *prev_hash = args[1];
    long long position = PyLong_AsLongLong(args[2]);
    long long version = PyLong_AsLongLong(args[3]);
    if (PyErr_Occurred()) {
        return NULL;
    }
    PyObject *stream_id = args[4], *now_text = args[7];
    PyObject *events = args[8], *data_json = args[9], *metadata_json = args[10];
    PyObject *types = args[11], *dumps = args[12];
    const char *stream_json, *now_json, *digest_in;
    Py_ssize_t stream_len, now_len, digest_len;
    if (bytes_of(digest_obj, &digest_in, &digest_len, "digest") < 0
        || bytes_of(args[5], &stream_json, &stream_len, "stream_json") < 0
        || bytes_of(args[6], &now_json, &now_len, "now_json") < 0) {
        return NULL;
    }
    if (digest_len != 32 || !PyUnicode_Check(prev_hash) || !PyUnicode_Check(stream_id)
        || !PyUnicode_Check(now_text) || !PyTuple_Check(events) || !PyTuple_Check(data_json)
        || !PyTuple_Check(metadata_json) || !PyDict_Check(types)) {
        PyErr_SetString(PyExc_TypeError, "chain(): an argument of the wrong type");
        return NULL;
    }
    Py_ssize_t count = PyTuple_GET_SIZE(events);
    if (PyTuple_GET_SIZE(data_json) != count || PyTuple_GET_SIZE(metadata_json) != count) {
        PyErr_SetString(PyExc_ValueError, "chain(): events, data and metadata differ in length");
        return NULL;
    }

    unsigned char digest[32];
    memcpy(digest, digest_in, 32);
    Buffer buffer = {NULL, 0, 0};
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    PyObject *rows = PyList_New(count);
    PyObject *metadata_of = NULL, *metadata_text = NULL;  /* the last metadata decoded */
    Py_INCREF(prev_hash);
    if (ctx == NULL || rows == NULL) {
        PyErr_NoMemory();
        goto fail;
    }

    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *event = PyTuple_GET_ITEM(events, i);
        PyObject *data = PyTuple_GET_ITEM(data_json, i);
        PyObject *metadata = PyTuple_GET_ITEM(metadata_json, i);
        const char *data_s, *metadata_s, *type_s;
        Py_ssize_t data_n, metadata_n, type_n;
        if (bytes_of(data, &data_s, &data_n, "data_json") < 0
            || bytes_of(metadata, &metadata_s, &metadata_n, "metadata_json") < 0) {
            goto fail;
        }
        position++;
        version++;

        PyObject *event_id = PyObject_GetAttr(event, str_event_id);
        if (event_id == NULL) {
            goto fail;
        }
        unsigned char id[16];
        int id_failed = uuid_bytes(event_id, id);
        Py_DECREF(event_id);
        if (id_failed) {
            goto fail;
        }
        PyObject *type = PyObject_GetAttr(event, str_type);
        if (type == NULL) {
            goto fail;
        }
        PyObject *type_json = PyDict_GetItemWithError(types, type);  /* borrowed */
        if (type_json == NULL) {
            if (PyErr_Occurred()) {
                Py_DECREF(type);
                goto fail;
            }
            type_json = PyObject_CallOneArg(dumps, type);
            if (type_json == NULL || PyDict_SetItem(types, type, type_json) < 0) {
                Py_XDECREF(type_json);
                Py_DECREF(type);
                goto fail;
            }
            Py_DECREF(type_json);  /* the dict holds it */
        }
        if (bytes_of(type_json, &type_s, &type_n, "a type's JSON") < 0) {
            Py_DECREF(type);
            goto fail;
        }

        /* prev digest || {"data":D,"event_id":"8-4-4-4-12","metadata":M,"position":P,
         * "recorded_at":T,"stream_id":S,"stream_version":V,"type":Y} */
        buffer.len = 0;
        if (reserve(&buffer, 32 + 200 + (size_t)(data_n + metadata_n + now_len + stream_len
                                                 + type_n)) < 0) {
            Py_DECREF(type);
            goto fail;
        }
        put(&buffer, (const char *)digest, 32);
        PUT_LITERAL(&buffer, "{\"data\":");
        put(&buffer, data_s, (size_t)data_n);
        PUT_LITERAL(&buffer, ",\"event_id\":\"");
        put_uuid(&buffer, id);
        PUT_LITERAL(&buffer, "\",\"metadata\":");
        put(&buffer, metadata_s, (size_t)metadata_n);
        PUT_LITERAL(&buffer, ",\"position\":");
        put_int(&buffer, position);
        PUT_LITERAL(&buffer, ",\"recorded_at\":");
        put(&buffer, now_json, (size_t)now_len);
        PUT_LITERAL(&buffer, ",\"stream_id\":");
        put(&buffer, stream_json, (size_t)stream_len);
        PUT_LITERAL(&buffer, ",\"stream_version\":");
        put_int(&buffer, version);
        PUT_LITERAL(&buffer, ",\"type\":");
        put(&buffer, type_s, (size_t)type_n);
        PUT_LITERAL(&buffer, "}");

        unsigned int digest_n = 0;
        if (EVP_DigestInit_ex(ctx, sha256_md, NULL) != 1
            || EVP_DigestUpdate(ctx, buffer.data, buffer.len) != 1
            || EVP_DigestFinal_ex(ctx, digest, &digest_n) != 1 || digest_n != 32) {
            Py_DECREF(type);
            PyErr_SetString(PyExc_RuntimeError, "OpenSSL's SHA-256 failed");
            goto fail;
        }

        if (metadata != metadata_of) {
            PyObject *text = PyUnicode_DecodeUTF8(metadata_s, metadata_n, "strict");
            if (text == NULL) {
                Py_DECREF(type);
                goto fail;
            }
            Py_XSETREF(metadata_text, text);
            metadata_of = metadata;
        }
        PyObject *row = PyTuple_New(10);
        if (row == NULL) {
            Py_DECREF(type);
            goto fail;
        }
        PyList_SET_ITEM(rows, i, row);  /* filled in place: the list owns it from here */
        PyObject *hash = hex_text(digest, 32);
        PyObject *items[10] = {
            PyLong_FromLongLong(position),
            Py_NewRef(stream_id),
            PyLong_FromLongLong(version),
            hex_text(id, 16),
            type,  /* our reference moves into the row */
            PyUnicode_DecodeUTF8(data_s, data_n, "strict"),
            Py_NewRef(metadata_text),
            Py_NewRef(now_text),
            prev_hash,  /* our reference moves into the row */
            Py_XNewRef(hash),
        };
        int missing = 0;
        for (int k = 0; k < 10; k++) {
            if (items[k] == NULL) {
                missing = 1;
                items[k] = Py_NewRef(Py_None);
            }
            PyTuple_SET_ITEM(row, k, items[k]);
        }
        prev_hash = hash;  /* our reference (or NULL, failing below) */
        if (missing) {
            goto fail;
        }
    }

    PyMem_Free(buffer.data);
    EVP_MD_CTX_free(ctx);
    Py_XDECREF(metadata_text);
    PyObject *result = Py_BuildValue("(Ny#N)", rows, (const char *)digest, (Py_ssize_t)32,
                                     prev_hash);
    return result;

fail:
    PyMem_Free(buffer.data);
    EVP_MD_CTX_free(ctx);
    Py_XDECREF(metadata_text);
    Py_XDECREF(rows);
    Py_XDECREF(prev_hash);
    return NULL;
}

static PyMethodDef methods[] = {
    {"chain", (PyCFunction)(void (*)(void))chain, METH_FASTCALL,
     "One request's rows chained after a digest: (rows, last digest, last hash)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_chain", "The plan's hash chain, compiled.", -1, methods,
};

PyMODINIT_FUNC
PyInit__chain(void)
{
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
    sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);  /* fetched once, not per event */
#else
    sha256_md = EVP_sha256();
#endif
    str_event_id = PyUnicode_InternFromString("event_id");
    str_type = PyUnicode_InternFromString("type");
    str_int = PyUnicode_InternFromString("int");
    if (sha256_md == NULL || str_event_id == NULL || str_type == NULL || str_int == NULL) {
        PyErr_SetString(PyExc_ImportError, "OpenSSL's SHA-256 is not available");
        return NULL;
    }
    return PyModule_Create(&module);
}
