/* The optional compiled core: the loops that visit every line of every page.
 *
 * Each function here is a drop-in for a pure-Python function of the same
 * name (lines.py, paragraphs.py), which stays the reference: the tests run
 * both on the same pages and require the same result, and ocrmend falls back
 * to Python when this module did not build (see accel.py).  Nothing here
 * decides a rule of its own: character classes and costs come from the
 * Python modules through bind() and the arguments.
 *
 * Lines are this module's Line type (model.py's dataclass made in C: the
 * same fields, defaults, equality and repr; tests hold the two to each
 * other): its fields are C ints, so a line is built and read here without a
 * Python object per field, is a third smaller than the slotted dataclass,
 * and is freed without the cyclic collector's bookkeeping.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

/* ------------------------------------------------------------ bound state */

static int bound = 0; /* bind() has set the character classes */
static PyObject *empty_str = NULL;

#define MAX_SET 64
/* A small character class: a bitmap over the BMP (the test runs on every
 * character of a line) and a list for the few characters past it. */
typedef struct {
    uint32_t bmp[0x10000 / 32];
    Py_UCS4 astral[MAX_SET];
    int n_astral;
} charset;
static charset closing, finals, blanks, clause_marks, squeezable;
/* measuring's per-character table (see init_measure_table); bind() marks it stale */
static unsigned char *measure_tab = NULL;
static int measure_tab_stale = 1;

static int set_from(charset *s, PyObject *str)
{
    if (!PyUnicode_Check(str) || PyUnicode_GET_LENGTH(str) > MAX_SET) {
        PyErr_SetString(PyExc_ValueError, "a character class must be a str of at most 64 characters");
        return -1;
    }
    memset(s, 0, sizeof(*s));
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(str); i++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(str, i);
        if (c < 0x10000)
            s->bmp[c >> 5] |= 1u << (c & 31);
        else
            s->astral[s->n_astral++] = c;
    }
    return 0;
}

static inline int in_set(const charset *s, Py_UCS4 ch)
{
    if (ch < 0x10000)
        return (s->bmp[ch >> 5] >> (ch & 31)) & 1;
    for (int i = 0; i < s->n_astral; i++)
        if (s->astral[i] == ch)
            return 1;
    return 0;
}

/* A class passed on every call (a module constant): filled again only when
 * another string comes, so threads calling with the same one never see it
 * half filled. */
static int cached_set(charset *s, PyObject **of, PyObject *str)
{
    if (*of == str)
        return 0;
    if (set_from(s, str))
        return -1;
    Py_XSETREF(*of, Py_NewRef(str));
    return 0;
}

/* LOOP(T), T the character type of a string of ``kind``: a loop per kind,
 * which the compiler makes tight (no kind test per character). */
#define BY_KIND(kind, LOOP)                      \
    do {                                         \
        if ((kind) == PyUnicode_1BYTE_KIND)      \
            LOOP(Py_UCS1);                       \
        else if ((kind) == PyUnicode_2BYTE_KIND) \
            LOOP(Py_UCS2);                       \
        else                                     \
            LOOP(Py_UCS4);                       \
    } while (0)

/* bind(closing, finals, blanks, clause_marks, squeezable): the character
 * classes of chars.py the passes test. */
static PyObject *bind(PyObject *self, PyObject *args)
{
    PyObject *cl, *fi, *bl, *cm, *sq;
    if (!PyArg_ParseTuple(args, "UUUUU", &cl, &fi, &bl, &cm, &sq))
        return NULL;
    /* every check first: a failed bind leaves the bound state as it was */
    static charset sets[5];
    if (set_from(&sets[0], cl) || set_from(&sets[1], fi) || set_from(&sets[2], bl) || set_from(&sets[3], cm) ||
        set_from(&sets[4], sq))
        return NULL;
    closing = sets[0];
    finals = sets[1];
    blanks = sets[2];
    clause_marks = sets[3];
    squeezable = sets[4];
    measure_tab_stale = 1; /* (it holds the squeezable class) */
    bound = 1;
    Py_RETURN_NONE;
}

static int check_bound(void)
{
    if (!bound) {
        PyErr_SetString(PyExc_RuntimeError, "ocrmend._speedups: bind() was not called");
        return -1;
    }
    return 0;
}

/* An exact int as a C long; anything else is a TypeError (no __index__ or
 * __bool__ of a foreign object runs inside a loop over borrowed items). */
static inline long exact_long(PyObject *v)
{
    if (v == NULL || !PyLong_CheckExact(v)) {
        PyErr_SetString(PyExc_TypeError, "ocrmend._speedups: expected an int");
        return -1;
    }
    /* (read off the object when it holds one digit, as CPython itself does) */
#if PY_VERSION_HEX >= 0x030C0000
    if (PyUnstable_Long_IsCompact((PyLongObject *)v))
        return (long)PyUnstable_Long_CompactValue((PyLongObject *)v);
#else
    switch (Py_SIZE(v)) {
    case 0:
        return 0;
    case 1:
        return (long)((PyLongObject *)v)->ob_digit[0];
    case -1:
        return -(long)((PyLongObject *)v)->ob_digit[0];
    }
#endif
    return PyLong_AsLong(v);
}

/* True, False (or None, where ``none_ok``) as 1, 0 (2); -1 with a TypeError otherwise. */
static inline int exact_flag(PyObject *v, int none_ok)
{
    if (v == Py_True)
        return 1;
    if (v == Py_False)
        return 0;
    if (none_ok && v == Py_None)
        return 2;
    PyErr_SetString(PyExc_TypeError, "ocrmend._speedups: expected True or False");
    return -1;
}

/* ------------------------------------------------------------ the Line type */

/* One source line (see model.py's dataclass for the fields' meaning).  The
 * three str fields are always str (the setters see to it), so a line can
 * close no reference cycle and the type needs no cyclic-GC support; the
 * numbers are C ints, read by the passes without unboxing. */
typedef struct {
    PyObject_HEAD
    PyObject *text, *indent, *kind;
    Py_ssize_t number;
    int page, blank_before, width, squeezable, hang, lead;
    char final;
    unsigned char marks; /* which MARK_ characters the text holds (see line_marks), or 0: not looked yet */
} LineObject;

#define LN(o) ((LineObject *)(o))
static PyTypeObject LineType;
#define IS_LINE(o) Py_IS_TYPE((o), &LineType)

/* The few characters several passes look for anywhere in a line's text,
 * found by one scan of it the first time one asks (line_marks) and kept
 * with the line until its text is set again: spaces (and two in a row),
 * the ideographic space, bars, the opening brackets （ 《 and a photo
 * credit's verb 摄 攝. */
enum {
    MARK_SPACE = 1,
    MARK_DOUBLE_SPACE = 2,
    MARK_IDEOGRAPHIC_SPACE = 4,
    MARK_BAR = 8,
    MARK_OPENING = 16,
    MARK_CREDIT_VERB = 32,
    MARKS_FOUND = 128,
};

/* Each BMP character's MARK_ bit (none past the BMP). */
static unsigned char marks_tab[0x10000];

static void init_marks_table(void)
{
    marks_tab[' '] = MARK_SPACE;
    marks_tab[0x3000] = MARK_IDEOGRAPHIC_SPACE;
    marks_tab['|'] = marks_tab[0xFF5C] = MARK_BAR;
    marks_tab[0xFF08] = marks_tab[0x300A] = MARK_OPENING;
    marks_tab[0x6444] = marks_tab[0x651D] = MARK_CREDIT_VERB;
}

static unsigned line_marks(PyObject *ln)
{
    LineObject *line = LN(ln);
    if (line->marks)
        return line->marks;
    PyObject *text = line->text;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    unsigned found = MARKS_FOUND, before = 0;
#define MARK_LOOP(T)                                              \
    do {                                                          \
        const T *d = (const T *)data;                             \
        for (Py_ssize_t j = 0; j < n; j++) {                      \
            Py_UCS4 c = d[j];                                     \
            unsigned m = c < 0x10000 ? marks_tab[c] : 0;          \
            found |= m | ((m & before & MARK_SPACE) << 1); /* two spaces: MARK_DOUBLE_SPACE */ \
            before = m;                                           \
        }                                                         \
    } while (0)
    BY_KIND(PyUnicode_KIND(text), MARK_LOOP);
#undef MARK_LOOP
    line->marks = (unsigned char)found;
    return found;
}

/* A new line, its str fields taken (stolen), its numbers zero. */
static PyObject *new_line(PyObject *text, PyObject *indent, PyObject *kind)
{
    LineObject *ln = PyObject_New(LineObject, &LineType);
    if (ln == NULL) {
        Py_DECREF(text);
        Py_DECREF(indent);
        Py_DECREF(kind);
        return NULL;
    }
    ln->text = text;
    ln->indent = indent;
    ln->kind = kind;
    ln->number = 0;
    ln->page = ln->blank_before = ln->width = ln->squeezable = ln->hang = ln->lead = 0;
    ln->final = 0;
    ln->marks = 0;
    return (PyObject *)ln;
}

static char *LINE_FIELDS[] = {"text",  "number",     "indent", "page", "blank_before", "width",
                              "squeezable", "hang", "lead",   "final", "kind",         NULL};

static PyObject *line_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *text, *indent = empty_str, *kind = empty_str, *final = Py_False;
    Py_ssize_t number;
    int page = 0, blank = 0, width = 0, sq = 0, hang = 0, lead = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "Un|UiiiiiiO!U:Line", LINE_FIELDS, &text, &number, &indent, &page,
                                     &blank, &width, &sq, &hang, &lead, &PyBool_Type, &final, &kind))
        return NULL;
    PyObject *ln = new_line(Py_NewRef(text), Py_NewRef(indent), Py_NewRef(kind));
    if (ln == NULL)
        return NULL;
    LN(ln)->number = number;
    LN(ln)->page = page;
    LN(ln)->blank_before = blank;
    LN(ln)->width = width;
    LN(ln)->squeezable = sq;
    LN(ln)->hang = hang;
    LN(ln)->lead = lead;
    LN(ln)->final = final == Py_True;
    return ln;
}

static void line_dealloc(PyObject *self)
{
    Py_DECREF(LN(self)->text);
    Py_DECREF(LN(self)->indent);
    Py_DECREF(LN(self)->kind);
    Py_TYPE(self)->tp_free(self);
}

/* The str fields are read-only members, which the interpreter reads off
 * the object as fast as a slot's; they are set here, as str only (the
 * members' own setter refuses, so nothing else can set them). */
static PyMemberDef line_str_fields[] = {
    {"text", T_OBJECT_EX, offsetof(LineObject, text), READONLY, NULL},
    {"indent", T_OBJECT_EX, offsetof(LineObject, indent), READONLY, NULL},
    {"kind", T_OBJECT_EX, offsetof(LineObject, kind), READONLY, NULL},
    {NULL},
};

static int line_setattro(PyObject *self, PyObject *name, PyObject *value)
{
    for (PyMemberDef *m = line_str_fields; PyUnicode_Check(name) && m->name != NULL; m++) {
        if (PyUnicode_CompareWithASCIIString(name, m->name) != 0)
            continue;
        if (value == NULL || !PyUnicode_Check(value)) {
            PyErr_SetString(PyExc_TypeError, value ? "a Line's text, indent and kind are str" : "a Line's fields cannot be deleted");
            return -1;
        }
        Py_SETREF(*(PyObject **)((char *)self + m->offset), Py_NewRef(value));
        LN(self)->marks = 0; /* (found again in the new text when asked) */
        return 0;
    }
    return PyObject_GenericSetAttr(self, name, value);
}

/* The int fields but number (closure: the field's offset). */
static PyObject *line_get_int(PyObject *self, void *offset)
{
    return PyLong_FromLong(*(int *)((char *)self + (Py_ssize_t)offset));
}

static int line_set_int(PyObject *self, PyObject *value, void *offset)
{
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "a Line's fields cannot be deleted");
        return -1;
    }
    long v = PyLong_AsLong(value); /* (an int, or what has __index__; else a TypeError) */
    if (v == -1 && PyErr_Occurred())
        return -1;
    if (v < INT_MIN || v > INT_MAX) {
        PyErr_SetString(PyExc_OverflowError, "a Line's width, page, ... must fit a C int");
        return -1;
    }
    *(int *)((char *)self + (Py_ssize_t)offset) = (int)v;
    return 0;
}

static PyObject *line_get_number(PyObject *self, void *closure)
{
    return PyLong_FromSsize_t(LN(self)->number);
}

static int line_set_number(PyObject *self, PyObject *value, void *closure)
{
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "a Line's fields cannot be deleted");
        return -1;
    }
    Py_ssize_t v = PyNumber_AsSsize_t(value, PyExc_OverflowError);
    if (v == -1 && PyErr_Occurred())
        return -1;
    LN(self)->number = v;
    return 0;
}

static PyObject *line_get_final(PyObject *self, void *closure)
{
    return PyBool_FromLong(LN(self)->final);
}

static int line_set_final(PyObject *self, PyObject *value, void *closure)
{
    if (value == NULL || !PyBool_Check(value)) {
        PyErr_SetString(PyExc_TypeError, value ? "a Line's final is True or False" : "a Line's fields cannot be deleted");
        return -1;
    }
    LN(self)->final = value == Py_True;
    return 0;
}

#define INT_FIELD(name) {#name, line_get_int, line_set_int, NULL, (void *)offsetof(LineObject, name)}
static PyGetSetDef line_fields[] = {
    {"number", line_get_number, line_set_number, NULL, NULL},
    INT_FIELD(page),
    INT_FIELD(blank_before),
    INT_FIELD(width),
    INT_FIELD(squeezable),
    INT_FIELD(hang),
    INT_FIELD(lead),
    {"final", line_get_final, line_set_final, NULL, NULL},
    {NULL},
};
#undef INT_FIELD

/* The fields as a tuple, in the dataclass's order. */
static PyObject *line_values(PyObject *self)
{
    LineObject *ln = LN(self);
    return Py_BuildValue("(OnOiiiiiiOO)", ln->text, ln->number, ln->indent, ln->page, ln->blank_before, ln->width,
                         ln->squeezable, ln->hang, ln->lead, ln->final ? Py_True : Py_False, ln->kind);
}

/* As the dataclass's __eq__: the same type and equal fields. */
static PyObject *line_richcompare(PyObject *a, PyObject *b, int op)
{
    if ((op != Py_EQ && op != Py_NE) || !IS_LINE(a) || !IS_LINE(b))
        Py_RETURN_NOTIMPLEMENTED;
    LineObject *x = LN(a), *y = LN(b);
    int equal = x->number == y->number && x->page == y->page && x->blank_before == y->blank_before &&
                x->width == y->width && x->squeezable == y->squeezable && x->hang == y->hang && x->lead == y->lead &&
                x->final == y->final;
    PyObject *strs[3][2] = {{x->text, y->text}, {x->indent, y->indent}, {x->kind, y->kind}};
    for (int f = 0; f < 3 && equal; f++) {
        equal = PyObject_RichCompareBool(strs[f][0], strs[f][1], Py_EQ);
        if (equal < 0)
            return NULL;
    }
    return PyBool_FromLong(op == Py_EQ ? equal : !equal);
}

/* As the dataclass's repr: Line(text='...', number=1, ...). */
static PyObject *line_repr(PyObject *self)
{
    LineObject *ln = LN(self);
    return PyUnicode_FromFormat("Line(text=%R, number=%zd, indent=%R, page=%d, blank_before=%d, width=%d, "
                                "squeezable=%d, hang=%d, lead=%d, final=%s, kind=%R)",
                                ln->text, ln->number, ln->indent, ln->page, ln->blank_before, ln->width,
                                ln->squeezable, ln->hang, ln->lead, ln->final ? "True" : "False", ln->kind);
}

static PyObject *line_reduce(PyObject *self, PyObject *unused)
{
    PyObject *values = line_values(self);
    return values ? Py_BuildValue("(ON)", (PyObject *)Py_TYPE(self), values) : NULL;
}

static PyMethodDef line_methods[] = {
    {"__reduce__", line_reduce, METH_NOARGS, "Pickled as Line(*fields)."},
    {NULL},
};

static PyTypeObject LineType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "ocrmend.model.Line",
    .tp_basicsize = sizeof(LineObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "One source line after decoding (model.py's dataclass, compiled).",
    .tp_new = line_new,
    .tp_dealloc = line_dealloc,
    .tp_free = PyObject_Free,
    .tp_getset = line_fields,
    .tp_members = line_str_fields,
    .tp_setattro = line_setattro,
    .tp_methods = line_methods,
    .tp_richcompare = line_richcompare,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_repr = line_repr,
};

/* A count as a line's int field (a line of two thousand million cells is
 * not a line any page holds: it saturates). */
static inline int clamp_int(Py_ssize_t v)
{
    return v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
}

static inline int is_ascii_alnum(Py_UCS4 c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* [A-Za-z0-9０-９] */
static inline int is_run_char(Py_UCS4 c)
{
    return is_ascii_alnum(c) || (c >= 0xFF10 && c <= 0xFF19);
}

static inline int is_run_joiner(Py_UCS4 c)
{
    return c == '.' || c == ',' || c == ':' || c == '/' || c == '+' || c == '-' || c == '\'' || c == '&';
}

/* Length of the match of chars.LATIN_RUN_RE at the start of s[a:b]
 * ([A-Za-z0-9０-９]+(?:[.,:/+\-'&][A-Za-z0-9０-９]+)*[%％]?), 0 if none. */
static Py_ssize_t latin_run(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    Py_ssize_t j = a;
    while (j < b && is_run_char(PyUnicode_READ(kind, data, j)))
        j++;
    if (j == a)
        return 0;
    while (j + 1 < b && is_run_joiner(PyUnicode_READ(kind, data, j)) && is_run_char(PyUnicode_READ(kind, data, j + 1))) {
        j += 2;
        while (j < b && is_run_char(PyUnicode_READ(kind, data, j)))
            j++;
    }
    if (j < b) {
        Py_UCS4 c = PyUnicode_READ(kind, data, j);
        if (c == '%' || c == 0xFF05)
            j++;
    }
    return j - a;
}


/* GB18030 bytes of each BMP character (1, 2 or 4; past the BMP always 4),
 * read off the codec itself once: GB18030 spends two bytes on exactly the
 * characters CJK fonts set full width, so this is the CJK display width. */
static unsigned char *gb_bytes = NULL;

static int init_gb_table(void)
{
    if (gb_bytes != NULL)
        return 0;
    PyObject *all = PyUnicode_New(0x10000, 0xFFFF);
    if (all == NULL)
        return -1;
    for (Py_UCS4 c = 0; c < 0x10000; c++)
        PyUnicode_WRITE(PyUnicode_2BYTE_KIND, PyUnicode_DATA(all), c, c);
    PyObject *enc = PyUnicode_AsEncodedString(all, "gb18030", "replace");
    Py_DECREF(all);
    if (enc == NULL)
        return -1;
    unsigned char *table = PyMem_Malloc(0x10000);
    if (table == NULL) {
        Py_DECREF(enc);
        PyErr_NoMemory();
        return -1;
    }
    const unsigned char *b = (const unsigned char *)PyBytes_AS_STRING(enc);
    Py_ssize_t len = PyBytes_GET_SIZE(enc), j = 0;
    for (Py_UCS4 c = 0; c < 0x10000; c++) {
        int k = j < len && b[j] >= 0x80 ? (j + 1 < len && b[j + 1] >= 0x30 && b[j + 1] <= 0x39 ? 4 : 2) : 1;
        table[c] = (unsigned char)k;
        j += k;
    }
    Py_DECREF(enc);
    if (j != len) {
        PyMem_Free(table);
        PyErr_SetString(PyExc_RuntimeError, "ocrmend._speedups: unexpected GB18030 codec output");
        return -1;
    }
    gb_bytes = table;
    return 0;
}

/* [ \t\u3000\xa0] and their GB18030 bytes; lines.NON_LATIN_SPACE_RE's context classes */
static inline int space_bytes(Py_UCS4 c)
{
    return c == ' ' || c == '\t' ? 1 : c == 0x3000 ? 2 : c == 0xA0 ? 4 : 0;
}

static inline int latin_before(Py_UCS4 c) /* [A-Za-z0-9,.;:!?'")\]] */
{
    return is_ascii_alnum(c) || (c && strchr(",.;:!?'\")]", (int)c) != NULL && c < 0x80);
}

static inline int latin_after(Py_UCS4 c) /* [A-Za-z0-9(\["'] */
{
    return is_ascii_alnum(c) || (c && strchr("([\"'", (int)c) != NULL && c < 0x80);
}

/* Per BMP character, what measuring a CJK line asks of it, in one load:
 * its GB18030 bytes (bits 0-2), squeezable (bit 3), and the GB18030 bytes
 * of a blank NON_LATIN_SPACE_RE may drop (bits 4-6; 0: no such blank).
 * Made from gb_bytes and the bound squeezable class; bind() marks it stale. */
static int init_measure_table(void)
{
    if (measure_tab != NULL && !measure_tab_stale)
        return 0;
    if (init_gb_table())
        return -1;
    if (measure_tab == NULL && (measure_tab = PyMem_Malloc(0x10000)) == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_UCS4 c = 0; c < 0x10000; c++)
        measure_tab[c] = (unsigned char)(gb_bytes[c] | (in_set(&squeezable, c) ? 8 : 0) | (space_bytes(c) << 4));
    measure_tab_stale = 0;
    return 0;
}

static inline unsigned measure_bits(Py_UCS4 c)
{
    return c < 0x10000 ? measure_tab[c] : 4u | (in_set(&squeezable, c) ? 8u : 0u);
}

/* One raw line's CJK width and squeezable marks, in one pass: its GB18030
 * bytes less what lines.read_lines' measuring text drops (column marks, and
 * the spaces NON_LATIN_SPACE_RE removes: every run of them but a single
 * space between two Latin words). */
#define MEASURE_LOOP(T)                                                                  \
    do {                                                                                 \
        const T *d = (const T *)data;                                                    \
        while (j < len) {                                                                \
            Py_UCS4 c = d[j];                                                            \
            if (c == column_start) {                                                     \
                j++;                                                                     \
                continue;                                                                \
            }                                                                            \
            unsigned bits = measure_bits(c);                                             \
            if (!(bits & 0x70)) {                                                        \
                total += bits & 7;                                                       \
                sq += (bits >> 3) & 1;                                                   \
                prev = c;                                                                \
                j++;                                                                     \
                continue;                                                                \
            }                                                                            \
            long run = 0, run_bytes = 0;                                                 \
            Py_UCS4 next = 0;                                                            \
            for (; j < len; j++) {                                                       \
                Py_UCS4 e = d[j];                                                        \
                if (e == column_start)                                                   \
                    continue;                                                            \
                unsigned b = measure_bits(e) >> 4;                                       \
                if (!b) {                                                                \
                    next = e;                                                            \
                    break;                                                               \
                }                                                                        \
                run++;                                                                   \
                run_bytes += b;                                                          \
            }                                                                            \
            if (run == 1 && latin_before(prev) && latin_after(next))                     \
                total += run_bytes;                                                      \
            prev = ' ';                                                                  \
        }                                                                                \
    } while (0)

static void measure_line(int kind, const void *data, Py_ssize_t len, Py_UCS4 column_start, long *width, long *squeezes)
{
    long total = 0, sq = 0;
    Py_UCS4 prev = 0; /* the character before, column marks skipped (0: none) */
    Py_ssize_t j = 0;
    BY_KIND(kind, MEASURE_LOOP);
    *width = total;
    *squeezes = sq;
}
#undef MEASURE_LOOP

/* ------------------------------------------------------------ build_lines */

/* lines.read_lines' per-line pass: one pass over the text's lines measures
 * them (on a CJK page) and builds the Line objects.  Returns (lines, spaced, unmeasured): the
 * indices of lines whose first three characters hold a space (lines.py asks
 * is_letter_spaced of those) and of non-ASCII lines on a Latin page (their
 * display width is measured there).  The lines are read off the text itself
 * (no list of them made first: only a non-blank line's text becomes a str).
 * ``numbers``: each line's source line number, or None (its index + 1).
 * ``feeds``: True when the text holds form feeds: each starts a page from
 * the line it stands on, and is taken out. */
/* Where the line from ``from`` ends (its newline, or ``size``), and
 * whether a form feed stands in it: memchr on one-byte text, else one
 * typed loop for both (a CJK page's lines are read once, not twice). */
static inline Py_ssize_t line_end(int kind, const void *data, Py_ssize_t from, Py_ssize_t size, int *feed)
{
    if (kind == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *d = (const Py_UCS1 *)data, *hit = memchr(d + from, '\n', (size_t)(size - from));
        Py_ssize_t end = hit ? hit - d : size;
        *feed = memchr(d + from, '\f', (size_t)(end - from)) != NULL;
        return end;
    }
    Py_ssize_t j = from;
    int ff = 0;
#define END_LOOP(T)                                \
    do {                                           \
        const T *d = (const T *)data;              \
        for (; j < size; j++)                      \
            if (d[j] <= '\f') {                     \
                if (d[j] == '\n')                   \
                    break;                         \
                ff |= d[j] == '\f';                 \
            }                                      \
    } while (0)
    if (kind == PyUnicode_2BYTE_KIND)
        END_LOOP(Py_UCS2);
    else
        END_LOOP(Py_UCS4);
#undef END_LOOP
    *feed = ff;
    return j;
}

static PyObject *build_lines(PyObject *self, PyObject *args)
{
    PyObject *source, *numbers, *feeds;
    int cjk_page;
    Py_UCS4 column_start;
    PyObject *cs;
    if (!PyArg_ParseTuple(args, "UOOpU", &source, &numbers, &feeds, &cjk_page, &cs))
        return NULL;
    if (check_bound() || (cjk_page && init_measure_table()))
        return NULL;
    if (PyUnicode_GET_LENGTH(cs) != 1) {
        PyErr_SetString(PyExc_ValueError, "build_lines: the column mark must be one character");
        return NULL;
    }
    column_start = PyUnicode_READ_CHAR(cs, 0);
    int form_feeds = feeds == Py_True;
    int src_kind = PyUnicode_KIND(source);
    const void *src_data = PyUnicode_DATA(source);
    Py_ssize_t src_size = PyUnicode_GET_LENGTH(source);
    if (numbers != Py_None && !PyList_Check(numbers)) {
        PyErr_SetString(PyExc_ValueError, "build_lines: numbers must be a list as long as the lines, or None");
        return NULL;
    }
    PyObject *out = PyList_New(0), *spaced = PyList_New(0), *unmeasured = PyList_New(0);
    PyObject *ff = PyUnicode_FromOrdinal('\f');
    PyObject *own = NULL; /* a line without its form feeds (a new str) */
    Py_ssize_t page_no = 0;
    if (!out || !spaced || !unmeasured || !ff)
        goto fail;
    long blank = 0;
    Py_ssize_t pos = 0;
    for (Py_ssize_t k = 0; pos <= src_size; k++) {
        int feed;
        Py_ssize_t stop = line_end(src_kind, src_data, pos, src_size, &feed);
        /* the line is source[pos:stop]: ``base`` from ``offset`` (a line
         * with form feeds is a new str, from 0) */
        PyObject *base = source;
        Py_ssize_t offset = pos;
        pos = stop + 1;
        if (numbers != Py_None && k >= PyList_GET_SIZE(numbers)) {
            PyErr_SetString(PyExc_ValueError, "build_lines: numbers must be as long as the lines");
            goto fail;
        }
        Py_CLEAR(own);
        if (form_feeds && feed) {
            PyObject *line = PyUnicode_Substring(source, offset, stop);
            Py_ssize_t count = line ? PyUnicode_Count(line, ff, 0, PY_SSIZE_T_MAX) : -1;
            own = count < 0 ? NULL : PyUnicode_Replace(line, ff, empty_str, -1);
            Py_XDECREF(line);
            if (own == NULL)
                goto fail;
            base = own;
            offset = 0;
            stop = PyUnicode_GET_LENGTH(own);
            page_no += count;
        }
        int kind = PyUnicode_KIND(base);
        const void *data = (const char *)PyUnicode_DATA(base) + offset * kind;
        Py_ssize_t b = stop - offset, full = b;
        while (b > 0 && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, b - 1)))
            b--; /* str.rstrip() */
        Py_ssize_t a = 0;
        if (b == 0) {
            if (blank >= 0)
                blank++;
            continue;
        }
        if (PyUnicode_READ(kind, data, 0) == column_start) {
            a = 1;
            blank = -1; /* a column break: the blank lines before it say nothing */
            Py_ssize_t s = a;
            while (s < b && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, s)))
                s++;
            if (s == b)
                continue;
        }
        Py_ssize_t body = a;
        while (body < b && in_set(&blanks, PyUnicode_READ(kind, data, body)))
            body++;
        /* (body < b: the line holds a character that is no space) */
        Py_ssize_t number = k + 1;
        if (numbers != Py_None && (number = exact_long(PyList_GET_ITEM(numbers, k))) == -1 && PyErr_Occurred())
            goto fail;
        PyObject *text = PyUnicode_Substring(base, offset + body, offset + b);
        PyObject *indent = body > a ? PyUnicode_Substring(base, offset + a, offset + body) : Py_NewRef(empty_str);
        if (text == NULL || indent == NULL) {
            Py_XDECREF(text);
            Py_XDECREF(indent);
            goto fail;
        }
        PyObject *ln = new_line(text, indent, Py_NewRef(empty_str));
        if (ln == NULL)
            goto fail;
        if (PyList_Append(out, ln) < 0) {
            Py_DECREF(ln);
            goto fail;
        }
        Py_DECREF(ln); /* out holds it */
        LineObject *line = LN(ln);
        line->number = number;
        line->page = clamp_int(page_no);
        line->blank_before = clamp_int(blank);
        Py_ssize_t len = b - body;
        int ascii = PyUnicode_IS_ASCII(text);
        if (cjk_page) {
            long w, sq;
            measure_line(kind, data, full, column_start, &w, &sq);
            line->width = clamp_int(w);
            line->squeezable = clamp_int(sq);
        } else {
            line->width = clamp_int(len);
            if (!ascii) {
                PyObject *idx = PyLong_FromSsize_t(PyList_GET_SIZE(out) - 1);
                if (idx == NULL || PyList_Append(unmeasured, idx) < 0) {
                    Py_XDECREF(idx);
                    goto fail;
                }
                Py_DECREF(idx);
            }
        }
        /* closing marks at the end may hang past the measure */
        Py_UCS4 last = PyUnicode_READ(kind, data, b - 1);
        long hang = 0;
        if (in_set(&closing, last)) {
            for (Py_ssize_t j = len - 1; j > 0; j--) {
                Py_UCS4 c = PyUnicode_READ(kind, data, body + j);
                if (!in_set(&closing, c))
                    break;
                hang += (cjk_page && c > 0x7f) ? 2 : 1;
            }
        }
        line->hang = clamp_int(hang);
        Py_UCS4 first = PyUnicode_READ(kind, data, body);
        Py_ssize_t lead;
        if (!cjk_page) {
            Py_ssize_t sp = 0;
            while (sp < len && PyUnicode_READ(kind, data, body + sp) != ' ')
                sp++;
            lead = (sp > 0 && sp < len ? sp : len) + 1; /* a whole word and the space before it */
        } else if (first > 0x7f) {
            lead = 2;
            if ((first == 0x2014 || first == 0x2026) && len >= 2 && PyUnicode_READ(kind, data, body + 1) == first)
                lead = 4; /* —— or …… */
        } else if (is_ascii_alnum(first)) {
            lead = latin_run(kind, data, body, b);
            if (lead == 0)
                lead = 1;
        } else {
            lead = 1;
        }
        line->lead = clamp_int(lead);
        line->final = (char)in_set(&finals, last);
        /* letter-spacing shows at once: a space among the first three
         * characters; and a letter-spaced line is either Latin spaced from its
         * second character on (A B C) or holds a CJK letter (none below U+1100) */
        int maybe_spaced = len > 1 && PyUnicode_READ(kind, data, body + 1) == ' ';
        if (!maybe_spaced && PyUnicode_MAX_CHAR_VALUE(text) >= 0x1100)
            for (Py_ssize_t j = body; j < b && !maybe_spaced; j++)
                maybe_spaced = PyUnicode_READ(kind, data, j) >= 0x1100;
        for (Py_ssize_t j = 0; maybe_spaced && j < 3 && j < len; j++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, body + j);
            if (c == ' ' || c == 0x3000) {
                PyObject *idx = PyLong_FromSsize_t(PyList_GET_SIZE(out) - 1);
                if (idx == NULL || PyList_Append(spaced, idx) < 0) {
                    Py_XDECREF(idx);
                    goto fail;
                }
                Py_DECREF(idx);
                break;
            }
        }
        blank = 0;
    }
    Py_DECREF(ff);
    Py_XDECREF(own);
    return Py_BuildValue("(NNN)", out, spaced, unmeasured);
fail:
    Py_XDECREF(out);
    Py_XDECREF(spaced);
    Py_XDECREF(unmeasured);
    Py_XDECREF(ff);
    Py_XDECREF(own);
    return NULL;
}

/* ------------------------------------------------------------ viterbi */

typedef struct {
    double break_prior, break_without_end, break_after_full, continue_with_room, continue_with_little_room,
        continue_at_local_measure, continue_in_narrow_box, overfull_first, blank_line, sentence_then_paragraph, forced;
    long slack_tolerance, indent_cells;
} costs;

/* 1 if the line's text holds a clause mark, 0 if not. */
static int has_clause_mark(PyObject *ln)
{
    PyObject *text = LN(ln)->text;
    int kind = PyUnicode_KIND(text), found = 0;
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
#define CLAUSE_LOOP(T)                                  \
    do {                                                \
        const T *d = (const T *)data;                   \
        for (Py_ssize_t j = 0; j < n && !found; j++)    \
            found = in_set(&clause_marks, d[j]);        \
    } while (0)
    BY_KIND(kind, CLAUSE_LOOP);
#undef CLAUSE_LOOP
    return found;
}

static double room_cost(const costs *c, long room, const long *widths, Py_ssize_t i, Py_ssize_t n, int box)
{
    if (room > c->slack_tolerance)
        return box ? c->continue_in_narrow_box : c->continue_with_room;
    long w = widths[i];
    if ((i > 0 && widths[i - 1] == w) || (i + 1 < n && widths[i + 1] == w))
        return c->continue_at_local_measure;
    return c->continue_with_little_room;
}

static int read_longs(PyObject *list, Py_ssize_t n, long *out)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        out[i] = exact_long(PyList_GET_ITEM(list, i));
        if (out[i] == -1 && PyErr_Occurred())
            return -1;
    }
    return 0;
}

/* paragraphs._viterbi: most likely start/continue state per line.  ``fixed``
 * holds None, True or False per line; ``ends`` and ``soft`` truth values. */
static PyObject *viterbi(PyObject *self, PyObject *args)
{
    PyObject *lines, *Wl, *endsl, *fixedl, *softl, *cost_t;
    int short_first, sentence_breaks;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!ppO!", &PyList_Type, &lines, &PyList_Type, &Wl, &PyList_Type, &endsl,
                          &PyList_Type, &fixedl, &PyList_Type, &softl, &short_first, &sentence_breaks, &PyTuple_Type,
                          &cost_t))
        return NULL;
    if (check_bound())
        return NULL;
    costs c;
    if (!PyArg_ParseTuple(cost_t, "dddddddddddll", &c.break_prior, &c.break_without_end, &c.break_after_full,
                          &c.continue_with_room, &c.continue_with_little_room, &c.continue_at_local_measure,
                          &c.continue_in_narrow_box, &c.overfull_first, &c.blank_line, &c.sentence_then_paragraph,
                          &c.forced, &c.slack_tolerance, &c.indent_cells))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(lines);
    if (PyList_GET_SIZE(Wl) < n || PyList_GET_SIZE(endsl) < n || PyList_GET_SIZE(fixedl) < n || PyList_GET_SIZE(softl) < n) {
        PyErr_SetString(PyExc_ValueError, "viterbi: every list must be as long as the lines");
        return NULL;
    }
    PyObject *states = PyList_New(n);
    if (states == NULL)
        return NULL;
    if (n == 0)
        return states;
    /* one block of memory for the per-line arrays */
    long *mem = PyMem_Malloc(sizeof(long) * 5 * (size_t)n);
    char *flags = PyMem_Malloc(6 * (size_t)n);
    if (mem == NULL || flags == NULL) {
        PyMem_Free(mem);
        PyMem_Free(flags);
        Py_DECREF(states);
        return PyErr_NoMemory();
    }
    long *widths = mem, *squeezed = mem + n, *unit = mem + 2 * n, *W = mem + 3 * n, *first_cut = mem + 4 * n;
    char *ends = flags, *soft = flags + n, *fixed = flags + 2 * n, *back_c = flags + 4 * n, *back_s = flags + 5 * n;
    signed char *clause = (signed char *)(flags + 3 * n); /* -1: not asked yet (char may be unsigned) */
    long indent = short_first ? c.indent_cells : 0;
    if (read_longs(Wl, n, W) < 0)
        goto fail;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ln = PyList_GET_ITEM(lines, i);
        if (!IS_LINE(ln)) {
            PyErr_SetString(PyExc_TypeError, "viterbi: lines must be Line objects");
            goto fail;
        }
        widths[i] = LN(ln)->width;
        squeezed[i] = widths[i] - LN(ln)->squeezable - LN(ln)->hang;
        unit[i] = LN(ln)->lead;
        first_cut[i] = short_first ? indent : (long)PyUnicode_GET_LENGTH(LN(ln)->indent);
        int e = exact_flag(PyList_GET_ITEM(endsl, i), 0), s = exact_flag(PyList_GET_ITEM(softl, i), 0);
        int f = exact_flag(PyList_GET_ITEM(fixedl, i), 1);
        if (e < 0 || s < 0 || f < 0)
            goto fail;
        ends[i] = (char)e;
        soft[i] = (char)s;
        fixed[i] = (char)f;
        clause[i] = -1; /* asked only when the box test needs it */
    }
    double cost_c = c.forced, cost_s = 0.0;
    back_c[0] = back_s[0] = 0;
    for (Py_ssize_t i = 1; i < n; i++) {
        char f = fixed[i];
        long pw = widths[i - 1];
        long u = unit[i];
        long Wp = W[i - 1];
        long room_c = Wp - pw - u;
        long room_s = room_c - first_cut[i - 1];
        double new_c, new_s;
        char bc, bs;
        if (f == 1) {
            new_c = c.forced;
            bc = 0;
        } else {
            int box = 0;
            if (short_first && i >= 2 && pw == widths[i - 2] && pw >= 16 && !ends[i - 1] && !ends[i - 2]) {
                for (Py_ssize_t j = i - 1; j >= i - 2 && !box; j--) {
                    if (clause[j] < 0)
                        clause[j] = (signed char)has_clause_mark(PyList_GET_ITEM(lines, j));
                    box = clause[j];
                }
            }
            double tc = room_c < 0 ? 0.0 : room_cost(&c, room_c, widths, i - 1, n, box);
            double ts = room_s < 0 ? 0.0 : room_cost(&c, room_s, widths, i - 1, n, box);
            if (soft[i]) {
                tc += c.blank_line;
                ts += c.blank_line;
            }
            if (sentence_breaks && ends[i - 1]) {
                tc += c.sentence_then_paragraph;
                ts += c.sentence_then_paragraph;
            }
            double a = cost_c + tc, b = cost_s + ts;
            if (a <= b) {
                new_c = a;
                bc = 0;
            } else {
                new_c = b;
                bc = 1;
            }
        }
        if (f == 0) {
            new_s = c.forced;
            bs = 0;
        } else {
            double t_from_c, t_from_s;
            if (f == 1) {
                t_from_c = ends[i - 1] ? 0.0 : c.break_without_end;
                t_from_s = 0.0;
            } else {
                double base = c.break_prior + (ends[i - 1] ? 0.0 : c.break_without_end);
                t_from_c = base + (room_c < 0 ? c.break_after_full : 0.0);
                t_from_s = base + (room_s < 0 ? c.break_after_full : 0.0);
                if (soft[i]) {
                    t_from_c = t_from_c - c.blank_line > 0.0 ? t_from_c - c.blank_line : 0.0;
                    t_from_s = t_from_s - c.blank_line > 0.0 ? t_from_s - c.blank_line : 0.0;
                }
            }
            double a = cost_c + t_from_c, b = cost_s + t_from_s;
            if (a <= b) {
                new_s = a;
                bs = 0;
            } else {
                new_s = b;
                bs = 1;
            }
            if (short_first && f == 2 && !soft[i] && squeezed[i] > W[i] - indent + 1)
                new_s += c.overfull_first;
        }
        cost_c = new_c;
        cost_s = new_s;
        back_c[i] = bc;
        back_s[i] = bs;
    }
    int state = cost_c < cost_s ? 0 : 1;
    for (Py_ssize_t i = n - 1; i > 0; i--) {
        PyList_SET_ITEM(states, i, PyBool_FromLong(state));
        state = state ? back_s[i] : back_c[i];
    }
    PyList_SET_ITEM(states, 0, Py_NewRef(Py_True));
    PyMem_Free(mem);
    PyMem_Free(flags);
    return states;
fail:
    PyMem_Free(mem);
    PyMem_Free(flags);
    Py_DECREF(states);
    return NULL;
}


/* ------------------------------------------------------------ line scans */

/* The fields the measuring and segmenting stages read, for every line. */
typedef struct {
    long width, hang, squeezable, lead, blank;
    char final, indent, spaced, hinted; /* hinted: a stage set its kind */
    Py_ssize_t indent_len;
} linerec;

static int is_spaced(PyObject *kind)
{
    return PyUnicode_GET_LENGTH(kind) == 6 && PyUnicode_CompareWithASCIIString(kind, "spaced") == 0;
}

/* The length of a list of lines, or -1 with an error (not bound, not a list). */
static Py_ssize_t lines_length(PyObject *lines)
{
    if (check_bound())
        return -1;
    if (!PyList_Check(lines)) {
        PyErr_SetString(PyExc_TypeError, "expected a list of lines");
        return -1;
    }
    return PyList_GET_SIZE(lines);
}

/* The records of a list of Line objects (PyMem_Free them), or NULL. */
static linerec *read_records(PyObject *lines, Py_ssize_t *n_out)
{
    Py_ssize_t n = lines_length(lines);
    if (n < 0)
        return NULL;
    linerec *r = PyMem_Malloc(sizeof(linerec) * (size_t)(n ? n : 1));
    if (r == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ln = PyList_GET_ITEM(lines, i);
        if (!IS_LINE(ln)) {
            PyErr_SetString(PyExc_TypeError, "expected a list of Line objects");
            PyMem_Free(r);
            return NULL;
        }
        LineObject *line = LN(ln);
        r[i].width = line->width;
        r[i].hang = line->hang;
        r[i].squeezable = line->squeezable;
        r[i].lead = line->lead;
        r[i].blank = line->blank_before;
        r[i].final = line->final;
        r[i].indent_len = PyUnicode_GET_LENGTH(line->indent);
        r[i].indent = r[i].indent_len > 0;
        r[i].spaced = (char)is_spaced(line->kind);
        r[i].hinted = PyUnicode_GET_LENGTH(line->kind) > 0;
    }
    *n_out = n;
    return r;
}

/* A list of n truth values, or None: as chars (1 true). */
static char *read_flags(PyObject *list, Py_ssize_t n)
{
    char *f = PyMem_Malloc((size_t)(n ? n : 1));
    if (f == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    if (list == Py_None) {
        memset(f, 0, (size_t)n);
        return f;
    }
    if (!PyList_Check(list) || PyList_GET_SIZE(list) < n) {
        PyErr_SetString(PyExc_ValueError, "expected a list of truth values as long as the lines");
        PyMem_Free(f);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        int t = exact_flag(PyList_GET_ITEM(list, i), 0);
        if (t < 0) {
            PyMem_Free(f);
            return NULL;
        }
        f[i] = (char)t;
    }
    return f;
}

/* read_records, and read_flags of ``flags`` as long as the lines: the
 * records (PyMem_Free them and *flags_out), or NULL with an error and
 * nothing to free. */
static linerec *read_records_and_flags(PyObject *lines, PyObject *flags, Py_ssize_t *n_out, char **flags_out)
{
    linerec *r = read_records(lines, n_out);
    if (r == NULL)
        return NULL;
    if ((*flags_out = read_flags(flags, *n_out)) == NULL) {
        PyMem_Free(r);
        return NULL;
    }
    return r;
}

static PyObject *bool_list(const char *f, Py_ssize_t n)
{
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++)
        PyList_SET_ITEM(out, i, Py_NewRef(f[i] ? Py_True : Py_False));
    return out;
}

static int append_index(PyObject *list, Py_ssize_t i)
{
    PyObject *v = PyLong_FromSsize_t(i);
    if (v == NULL)
        return -1;
    int r = PyList_Append(list, v);
    Py_DECREF(v);
    return r;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* v[0:m] sorted ascending: by insertion when short, by counting when the
 * values span a small range (line widths do), else by qsort. */
static void sort_longs(long *v, Py_ssize_t m)
{
    if (m <= 16) {
        for (Py_ssize_t i = 1; i < m; i++) {
            long x = v[i];
            Py_ssize_t j = i;
            for (; j > 0 && v[j - 1] > x; j--)
                v[j] = v[j - 1];
            v[j] = x;
        }
        return;
    }
    long lo = v[0], hi = v[0];
    for (Py_ssize_t i = 1; i < m; i++) {
        if (v[i] < lo)
            lo = v[i];
        if (v[i] > hi)
            hi = v[i];
    }
    unsigned long span = (unsigned long)hi - (unsigned long)lo; /* (no signed overflow) */
    if (span < 4096) {
        Py_ssize_t *count = PyMem_Calloc((size_t)span + 1, sizeof(Py_ssize_t));
        if (count != NULL) {
            for (Py_ssize_t i = 0; i < m; i++)
                count[(unsigned long)v[i] - (unsigned long)lo]++;
            Py_ssize_t k = 0;
            for (unsigned long x = 0; x <= span; x++)
                for (Py_ssize_t c = count[x]; c > 0; c--)
                    v[k++] = (long)((unsigned long)lo + x);
            PyMem_Free(count);
            return;
        }
    }
    qsort(v, (size_t)m, sizeof(long), cmp_long);
}

/* sorted(values[a:b])[k] for a short slice (k chosen by the caller) */
static long sorted_pick(const long *values, Py_ssize_t a, Py_ssize_t b, Py_ssize_t k)
{
    long buf[16];
    Py_ssize_t m = b - a;
    memcpy(buf, values + a, sizeof(long) * (size_t)m);
    sort_longs(buf, m);
    return buf[k];
}

/* paragraphs._local_median: the median of up to four values each side of i */
static long local_median(const long *v, Py_ssize_t n, Py_ssize_t i)
{
    long buf[8];
    Py_ssize_t m = 0;
    for (Py_ssize_t j = (i - 4 > 0 ? i - 4 : 0); j < i; j++)
        buf[m++] = v[j];
    for (Py_ssize_t j = i + 1; j < n && j < i + 5; j++)
        buf[m++] = v[j];
    if (m == 0)
        return v[i];
    sort_longs(buf, m);
    return buf[m / 2];
}

/* paragraphs._zone_cuts over records: fills cores[] and cut[] (work: n chars) */
static void compute_cuts(const linerec *r, Py_ssize_t n, const char *forced, double wm, long *cores, char *cut, char *work)
{
    char *wide = work;
    for (Py_ssize_t i = 0; i < n; i++) {
        cores[i] = r[i].width - r[i].hang;
        cut[i] = 0;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        long p = cores[i > 0 ? i - 1 : 0], q = cores[i + 1 < n ? i + 1 : n - 1];
        wide[i] = (double)cores[i] > 1.4 * (double)(p < q ? p : q) + wm;
    }
    Py_ssize_t done = -1;
    for (Py_ssize_t i0 = 0; i0 < n; i0++) {
        int candidate = wide[i0] || (i0 > 0 && r[i0 - 1].final && !r[i0].final) || (forced && forced[i0]) ||
                        r[i0].spaced || (i0 == 0 && !r[0].final);
        if (!candidate || i0 <= done)
            continue;
        Py_ssize_t i = i0;
        for (;;) {
            done = i;
            long c = cores[i];
            if (wide[i] && (double)c > 1.4 * (double)local_median(cores, n, i) + wm) {
                cut[i] = 1; /* a deck or caption line: measured apart */
            } else if (r[i].spaced) {
                cut[i] = 1; /* display text */
            } else if (!r[i].final && (i == 0 || r[i - 1].final || cut[i - 1] || (forced && forced[i]))) {
                Py_ssize_t e = i + 4 < n ? i + 4 : n;
                long ref = e > i + 1 ? sorted_pick(cores, i + 1, e, (e - i - 1) / 2) : c;
                if ((double)c <= 0.75 * (double)ref || (double)c > 1.15 * (double)ref + 2)
                    cut[i] = 1; /* a heading: the next section may have its own measure */
            }
            if (!cut[i] && forced && forced[i] && 6 <= i && i < n - 6) {
                long b3 = sorted_pick(cores, i - 6, i, 3), a3 = sorted_pick(cores, i + 1, i + 7, 3);
                long b2 = sorted_pick(cores, i - 6, i, 2), a2 = sorted_pick(cores, i + 1, i + 7, 2);
                if (labs(b3 - a3) >= 3 && labs(b2 - a2) >= 3)
                    cut[i] = 1; /* a new article with a measure of its own */
            }
            if (cut[i] && i + 1 < n && !r[i + 1].final) {
                i++;
                continue;
            }
            break;
        }
    }
}

/* paragraphs._RefineTable.best over records: of m, m-1, m+1 the measure that
 * makes the fewest lines of lines[a:b] impossible */
static long refine(const linerec *r, Py_ssize_t n, const char *forced, Py_ssize_t a, Py_ssize_t b, long m, long indent_cells)
{
    long cands[3] = {m, m - 1, m + 1};
    long bad[3] = {0, 0, 0};
    for (Py_ssize_t i = a; i < b; i++) {
        /* the last line of the page and lines before a stated break prove nothing */
        if (i == n - 1 || (forced && forced[i + 1]))
            continue;
        long ind = r[i].indent ? indent_cells : 0;
        long over = r[i].width - r[i].hang - r[i].squeezable + ind - 1;
        long room = r[i].width + r[i + 1].lead + ind;
        long near = r[i].width + ind + 3;
        for (int k = 0; k < 3; k++) {
            if (over > cands[k])
                bad[k] += 2; /* wider than the measure even with every mark half width */
            else if (!r[i].final && room <= cands[k] && cands[k] <= near)
                bad[k] += 1; /* room for the next unit, and no final mark */
        }
    }
    int k = 0;
    for (int j = 1; j < 3; j++)
        if (bad[j] < bad[k])
            k = j;
    return cands[k];
}

/* paragraphs._measure_from_counts over values[a:b] (sorted in place) */
static long measure_from(long *v, Py_ssize_t m, int cjk_page)
{
    sort_longs(v, m);
    if (!cjk_page) {
        /* ragged right: the widest line not far wider than the upper quartile */
        double q = (double)v[m - 1 - m / 4];
        for (Py_ssize_t i = m - 1; i >= 0; i--)
            if ((double)v[i] <= 1.1 * q + 1)
                return v[i];
        return v[0];
    }
    /* the mode, ignoring very short lines when there are others */
    Py_ssize_t from = 0;
    while (from < m && v[from] < 8)
        from++;
    if (from == m)
        from = 0;
    long mode = v[from];
    Py_ssize_t best = 0;
    for (Py_ssize_t i = from; i < m;) {
        Py_ssize_t j = i;
        while (j < m && v[j] == v[i])
            j++;
        if (j - i >= best) { /* ascending: a tie goes to the wider */
            best = j - i;
            mode = v[i];
        }
        i = j;
    }
    Py_ssize_t next = 0;
    for (Py_ssize_t i = from; i < m; i++)
        next += v[i] == mode + 1;
    return (double)next >= 0.2 * (double)best ? mode + 1 : mode;
}

/* paragraphs.estimate_column_widths: the column measure around each line */
static PyObject *column_widths(PyObject *self, PyObject *args)
{
    PyObject *lines, *forcedl;
    int cjk_page;
    double wm;
    long indent_cells;
    if (!PyArg_ParseTuple(args, "OOpdl", &lines, &forcedl, &cjk_page, &wm, &indent_cells))
        return NULL;
    Py_ssize_t n;
    linerec *r = read_records(lines, &n);
    if (r == NULL)
        return NULL;
    PyObject *out = NULL;
    size_t N = (size_t)(n ? n : 1);
    long *cores = PyMem_Malloc(sizeof(long) * N), *scratch = PyMem_Malloc(sizeof(long) * N);
    long *W = PyMem_Malloc(sizeof(long) * N);
    Py_ssize_t *zone_a = PyMem_Malloc(sizeof(Py_ssize_t) * 2 * N);
    long *own = PyMem_Malloc(sizeof(long) * 2 * N); /* per zone; LONG_MIN: not measured */
    char *mem = PyMem_Malloc(2 * N);
    char *forced = forcedl == Py_None ? NULL : read_flags(forcedl, n);
    if (!cores || !scratch || !W || !zone_a || !own || !mem || (forcedl != Py_None && forced == NULL)) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        goto done;
    }
    if (n == 0) {
        out = PyList_New(0);
        goto done;
    }
    char *cut = mem;
    compute_cuts(r, n, forced, wm, cores, cut, mem + n);
    /* zones: ranges between cuts; a cut line is a zone of its own */
    Py_ssize_t nz = 0, start = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!cut[i])
            continue;
        if (start < i)
            zone_a[nz++] = start;
        zone_a[nz++] = i;
        start = i + 1;
    }
    if (start < n)
        zone_a[nz++] = start;
    memcpy(scratch, cores, sizeof(long) * (size_t)n);
    long page_measure = measure_from(scratch, n, cjk_page);
    for (Py_ssize_t z = 0; z < nz; z++) {
        Py_ssize_t a = zone_a[z], b = z + 1 < nz ? zone_a[z + 1] : n;
        own[z] = LONG_MIN;
        if (b - a >= 6 && !cut[a]) {
            memcpy(scratch, cores + a, sizeof(long) * (size_t)(b - a));
            long m = measure_from(scratch, b - a, cjk_page);
            own[z] = cjk_page ? refine(r, n, forced, a, b, m, indent_cells) : m;
        }
    }
    /* own[nz + z]: the nearest measured zone after zone z */
    long seen = LONG_MIN;
    for (Py_ssize_t z = nz - 1; z >= 0; z--) {
        own[nz + z] = seen;
        if (own[z] != LONG_MIN)
            seen = own[z];
    }
    /* too few lines to measure: the nearest measured zone before or after
     * whose column these lines fit in, else the wider of them, else the page's */
    long before = LONG_MIN;
    for (Py_ssize_t z = 0; z < nz; z++) {
        Py_ssize_t a = zone_a[z], b = z + 1 < nz ? zone_a[z + 1] : n;
        long m = own[z];
        if (m == LONG_MIN) {
            long after = own[nz + z];
            long widest = 0;
            if (!cut[a])
                for (Py_ssize_t i = a; i < b; i++)
                    if (cores[i] > widest || i == a)
                        widest = cores[i];
            int fit_b = before != LONG_MIN && widest <= before + 1, fit_a = after != LONG_MIN && widest <= after + 1;
            if (fit_b && fit_a)
                m = after - widest < before - widest ? after : before;
            else if (fit_b)
                m = before;
            else if (fit_a)
                m = after;
            else if (before != LONG_MIN || after != LONG_MIN)
                m = before == LONG_MIN ? after : after == LONG_MIN ? before : (before > after ? before : after);
            else
                m = page_measure;
        } else {
            before = m;
        }
        for (Py_ssize_t i = a; i < b; i++)
            W[i] = m;
    }
    out = PyList_New(n);
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        PyObject *v = PyLong_FromLong(W[i]);
        if (v == NULL)
            Py_CLEAR(out);
        else
            PyList_SET_ITEM(out, i, v);
    }
done:
    PyMem_Free(r);
    PyMem_Free(cores);
    PyMem_Free(scratch);
    PyMem_Free(W);
    PyMem_Free(zone_a);
    PyMem_Free(own);
    PyMem_Free(mem);
    PyMem_Free(forced);
    return out;
}

/* str.isupper(): no lowercase or titlecase letter, one cased at least. */
static int str_isupper(PyObject *s)
{
    int kind = PyUnicode_KIND(s), cased = 0;
    const void *data = PyUnicode_DATA(s);
    for (Py_ssize_t j = 0, len = PyUnicode_GET_LENGTH(s); j < len; j++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, j);
        if (Py_UNICODE_ISLOWER(c) || Py_UNICODE_ISTITLE(c))
            return 0;
        if (!cased && Py_UNICODE_ISUPPER(c))
            cased = 1;
    }
    return cased;
}

/* The candidate lines of paragraphs.segment_lines' rules, in one pass:
 * (ends, credit_ends, heads, open_lines, hyphens, wide, wide_idx). */
static PyObject *segment_marks(PyObject *self, PyObject *args)
{
    PyObject *lines, *Wl, *starts_s, *open_s;
    int cjk_page;
    long wide_margin;
    if (!PyArg_ParseTuple(args, "O!O!pUUl", &PyList_Type, &lines, &PyList_Type, &Wl, &cjk_page, &starts_s, &open_s,
                          &wide_margin))
        return NULL;
    Py_ssize_t n;
    linerec *r = read_records(lines, &n);
    if (r == NULL)
        return NULL;
    static charset display_starts, open_ends;
    static PyObject *display_starts_of, *open_ends_of;
    PyObject *ends = NULL, *credit = PyList_New(0), *heads = PyList_New(0), *open_lines = PyList_New(0),
             *hyphens = PyList_New(0), *wide = NULL, *wide_idx = PyList_New(0), *result = NULL;
    char *flags = PyMem_Malloc(2 * (size_t)(n ? n : 1));
    if (flags == NULL && !PyErr_Occurred())
        PyErr_NoMemory();
    if (flags == NULL || !credit || !heads || !open_lines || !hyphens || !wide_idx)
        goto done;
    if (PyList_GET_SIZE(Wl) < n) {
        PyErr_SetString(PyExc_ValueError, "segment_marks: W must be as long as the lines");
        goto done;
    }
    if (cached_set(&display_starts, &display_starts_of, starts_s) || cached_set(&open_ends, &open_ends_of, open_s))
        goto done;
    char *endf = flags, *widef = flags + n;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *text = LN(PyList_GET_ITEM(lines, i))->text;
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        Py_ssize_t len = PyUnicode_GET_LENGTH(text);
        if (len == 0) {
            PyErr_SetString(PyExc_ValueError, "segment_marks: a line without text");
            goto done;
        }
        Py_UCS4 first = PyUnicode_READ(kind, data, 0), last = PyUnicode_READ(kind, data, len - 1);
        endf[i] = r[i].final;
        if (!r[i].final && (last == 0x6444 || last == 0x651D) && append_index(credit, i)) /* 摄 攝: a photo credit? */
            goto done;
        int head = r[i].spaced || in_set(&display_starts, first);
        if (!head && !cjk_page)
            head = str_isupper(text);
        if (head && append_index(heads, i))
            goto done;
        if (i + 1 < n) {
            if (cjk_page) {
                int open = in_set(&open_ends, last) || Py_UNICODE_ISDIGIT(last) || len <= 4 ||
                           (line_marks(PyList_GET_ITEM(lines, i)) & MARK_OPENING); /* （ 《 */
                if (open && append_index(open_lines, i))
                    goto done;
            } else if (last == '-' && append_index(hyphens, i)) {
                goto done;
            }
        }
        long w = exact_long(PyList_GET_ITEM(Wl, i));
        if (w == -1 && PyErr_Occurred())
            goto done;
        widef[i] = r[i].width - r[i].squeezable - r[i].hang > w + wide_margin;
        if (widef[i] && append_index(wide_idx, i))
            goto done;
    }
    ends = bool_list(endf, n);
    wide = bool_list(widef, n);
    if (ends && wide)
        result = Py_BuildValue("(OOOOOOO)", ends, credit, heads, open_lines, hyphens, wide, wide_idx);
done:
    PyMem_Free(r);
    PyMem_Free(flags);
    Py_XDECREF(ends);
    Py_XDECREF(credit);
    Py_XDECREF(heads);
    Py_XDECREF(open_lines);
    Py_XDECREF(hyphens);
    Py_XDECREF(wide);
    Py_XDECREF(wide_idx);
    return result;
}

/* paragraphs.hard_breaks */
static PyObject *hard_breaks(PyObject *self, PyObject *args)
{
    PyObject *lines;
    int dbl;
    if (!PyArg_ParseTuple(args, "Op", &lines, &dbl))
        return NULL;
    Py_ssize_t n;
    linerec *r = read_records(lines, &n);
    if (r == NULL)
        return NULL;
    if (n == 0) {
        PyMem_Free(r);
        return Py_BuildValue("[O]", Py_True);
    }
    char *out = PyMem_Malloc((size_t)n);
    if (out == NULL) {
        PyMem_Free(r);
        return PyErr_NoMemory();
    }
    out[0] = 1;
    for (Py_ssize_t i = 1; i < n; i++) {
        long g = r[i].blank;
        out[i] = (dbl ? (g >= 0 && g != 1) : g >= 1) || r[i].indent;
    }
    for (Py_ssize_t i = 1; i < n; i++) {
        /* a box set in by a space on every line (a wrapped headline) goes on */
        if (r[i].indent_len == 1 && r[i - 1].indent_len == 1 && !r[i - 1].final && r[i - 1].width >= r[i].width) {
            PyObject *a = LN(PyList_GET_ITEM(lines, i))->indent, *b = LN(PyList_GET_ITEM(lines, i - 1))->indent;
            if (PyUnicode_READ_CHAR(a, 0) == ' ' && PyUnicode_READ_CHAR(b, 0) == ' ')
                out[i] = 0;
        }
    }
    PyObject *res = bool_list(out, n);
    PyMem_Free(r);
    PyMem_Free(out);
    return res;
}

/* interruptions.find_interruptions' hosts: lines that go on (no final mark,
 * no hint, full at the column's measure: the tests its loop starts with),
 * followed by one off the measure (narrow or wide) or holding a photo
 * credit (摄 攝) */
static PyObject *interruption_hosts(PyObject *self, PyObject *args)
{
    PyObject *lines, *Wl;
    long narrow, wide;
    if (!PyArg_ParseTuple(args, "O!O!ll", &PyList_Type, &lines, &PyList_Type, &Wl, &narrow, &wide))
        return NULL;
    Py_ssize_t n;
    linerec *r = read_records(lines, &n);
    if (r == NULL)
        return NULL;
    PyObject *out = PyList_New(0);
    Py_ssize_t m = PyList_GET_SIZE(Wl) < n - 2 ? PyList_GET_SIZE(Wl) : n - 2;
    for (Py_ssize_t i = 0; out != NULL && i < m; i++) {
        long w = exact_long(PyList_GET_ITEM(Wl, i));
        if (w == -1 && PyErr_Occurred())
            Py_CLEAR(out);
        const linerec *x = &r[i + 1], *h = &r[i];
        /* the host goes on: no final mark, no hint, full at the measure (a
         * first line four cells early) -- find_interruptions' first tests */
        long core = h->width - h->hang;
        int starts = h->indent || (i > 0 && r[i - 1].final);
        if (out != NULL && (h->final || h->hinted || core < w - (starts ? 6 : 2) || core > w + 2))
            continue;
        int host = x->width <= w - narrow || x->width - x->hang - x->squeezable > w + wide;
        if (out != NULL && !host) {
            host = (line_marks(PyList_GET_ITEM(lines, i + 1)) & MARK_CREDIT_VERB) != 0; /* 摄 攝 */
        }
        if (out != NULL && host && append_index(out, i))
            Py_CLEAR(out);
    }
    PyMem_Free(r);
    return out;
}


/* Counts over the lines that several stages decide on, in one pass:
 * (blank_once, blank_after, blank_once_all, finals, indented, steady,
 * median_width, modal_width).  blank_once and blank_after count lines after
 * the first with exactly one / at least one blank line above, blank_once_all
 * all lines with one; steady the lines whose core width is within 2 of W
 * (0 without W); modal_width the commonest width of 4 cells or more (the
 * wider on a tie), -1 if none (both widths only when ``widths`` is true:
 * they cost a sort). */
static PyObject *line_counts(PyObject *self, PyObject *args)
{
    PyObject *lines, *Wl;
    int want_widths;
    if (!PyArg_ParseTuple(args, "OOp", &lines, &Wl, &want_widths))
        return NULL;
    Py_ssize_t n = lines_length(lines);
    if (n < 0)
        return NULL;
    if (Wl != Py_None && (!PyList_Check(Wl) || PyList_GET_SIZE(Wl) < n)) {
        PyErr_SetString(PyExc_ValueError, "line_counts: W must be as long as the lines");
        return NULL;
    }
    /* (only the fields the counts need are read, not whole records) */
    long *w = PyMem_Malloc(sizeof(long) * (size_t)(n ? n : 1));
    if (w == NULL)
        return PyErr_NoMemory();
    Py_ssize_t once = 0, after = 0, once_all = 0, finals = 0, indented = 0, steady = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ln = PyList_GET_ITEM(lines, i);
        if (!IS_LINE(ln)) {
            PyErr_SetString(PyExc_TypeError, "expected a list of Line objects");
            PyMem_Free(w);
            return NULL;
        }
        LineObject *line = LN(ln);
        long blank = line->blank_before, width = line->width;
        long hang = Wl != Py_None ? line->hang : 0;
        long m = Wl != Py_None ? exact_long(PyList_GET_ITEM(Wl, i)) : 0;
        if (m == -1 && PyErr_Occurred()) {
            PyMem_Free(w);
            return NULL;
        }
        once_all += blank == 1;
        if (i > 0) {
            once += blank == 1;
            after += blank >= 1;
        }
        finals += line->final;
        indented += PyUnicode_GET_LENGTH(line->indent) > 0;
        w[i] = width;
        if (Wl != Py_None)
            steady += labs(width - hang - m) <= 2;
    }
    long median = 0, mode = -1;
    long top = 0;
    int small = 1; /* widths in [0, 4096): counted, not sorted */
    for (Py_ssize_t i = 0; want_widths && i < n && small; i++) {
        small = w[i] >= 0 && w[i] < 4096;
        if (w[i] > top)
            top = w[i];
    }
    if (n > 0 && want_widths && small) {
        Py_ssize_t *count = PyMem_Calloc((size_t)top + 1, sizeof(Py_ssize_t));
        if (count == NULL) {
            PyMem_Free(w);
            return PyErr_NoMemory();
        }
        for (Py_ssize_t i = 0; i < n; i++)
            count[w[i]]++;
        Py_ssize_t seen = 0, best = 0;
        median = -1;
        for (long v = 0; v <= top; v++) {
            seen += count[v];
            if (median < 0 && seen > n / 2)
                median = v; /* the (n // 2)-th width in ascending order */
            if (v >= 4 && count[v] > 0 && count[v] >= best) { /* ascending: a tie goes to the wider */
                best = count[v];
                mode = v;
            }
        }
        PyMem_Free(count);
    } else if (n > 0 && want_widths) {
        qsort(w, (size_t)n, sizeof(long), cmp_long);
        median = w[n / 2];
        Py_ssize_t best = 0;
        for (Py_ssize_t i = 0; i < n;) {
            Py_ssize_t j = i;
            while (j < n && w[j] == w[i])
                j++;
            if (w[i] >= 4 && j - i >= best) { /* ascending: a tie goes to the wider */
                best = j - i;
                mode = w[i];
            }
            i = j;
        }
    }
    PyMem_Free(w);
    return Py_BuildValue("(nnnnnnll)", once, after, once_all, finals, indented, steady, median, mode);
}


/* paragraphs._blank_lines_end_paragraphs' counts over the stated breaks
 * (the lines i >= 1 with forced[i]): (stated, after_end, full_open) -- how
 * many, how many come right after a line ending a sentence, how many right
 * after a line that does not and is at least 0.6 of its measure W. */
static PyObject *stated_break_counts(PyObject *self, PyObject *args)
{
    PyObject *lines, *Wl, *forcedl;
    if (!PyArg_ParseTuple(args, "OO!O", &lines, &PyList_Type, &Wl, &forcedl))
        return NULL;
    Py_ssize_t n;
    char *forced;
    linerec *r = read_records_and_flags(lines, forcedl, &n, &forced);
    if (r == NULL)
        return NULL;
    if (PyList_GET_SIZE(Wl) < n) {
        PyErr_SetString(PyExc_ValueError, "stated_break_counts: W must be as long as the lines");
        PyMem_Free(r);
        PyMem_Free(forced);
        return NULL;
    }
    Py_ssize_t stated = 0, after_end = 0, full_open = 0;
    for (Py_ssize_t i = 1; i < n; i++) {
        if (!forced[i])
            continue;
        stated++;
        if (r[i - 1].final) {
            after_end++;
            continue;
        }
        long w = exact_long(PyList_GET_ITEM(Wl, i - 1));
        if (w == -1 && PyErr_Occurred()) {
            PyMem_Free(r);
            PyMem_Free(forced);
            return NULL;
        }
        full_open += (double)r[i - 1].width >= 0.6 * (double)w;
    }
    PyMem_Free(r);
    PyMem_Free(forced);
    return Py_BuildValue("(nnn)", stated, after_end, full_open);
}

/* (the UTF-8 bytes text[:limit] takes past one a character, its ASCII
 * letters): what chars.is_cjk_text and spacing.has_ocr_spacing count by
 * encoding a sample, in one pass without the bytes. */
static PyObject *char_counts(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(args, "Un", &text, &limit))
        return NULL;
    Py_ssize_t len = PyUnicode_GET_LENGTH(text), extra = 0, letters = 0;
    if (limit < len)
        len = limit < 0 ? 0 : limit;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
#define COUNT_LOOP(T)                                                               \
    do {                                                                            \
        const T *d = (const T *)data;                                               \
        for (Py_ssize_t j = 0; j < len; j++) {                                      \
            Py_UCS4 c = d[j];                                                       \
            extra += (c >= 0x80) + (c >= 0x800) + (c >= 0x10000);                   \
            letters += ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');                    \
        }                                                                           \
    } while (0)
    BY_KIND(kind, COUNT_LOOP);
#undef COUNT_LOOP
    return Py_BuildValue("(nn)", extra, letters);
}

static int cmp_ptr(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t) * (PyObject *const *)a, y = (uintptr_t) * (PyObject *const *)b;
    return x < y ? -1 : x > y;
}

/* pipeline's lines and measures without the lines lifted out (``drop``: the
 * objects, a few): (kept lines, their measures), by identity, in one pass. */
static PyObject *without_lines(PyObject *self, PyObject *args)
{
    PyObject *lines, *measure, *drop;
    if (!PyArg_ParseTuple(args, "O!O!O!", &PyList_Type, &lines, &PyList_Type, &measure, &PyList_Type, &drop))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(lines), d = PyList_GET_SIZE(drop);
    if (PyList_GET_SIZE(measure) < n) {
        PyErr_SetString(PyExc_ValueError, "without_lines: a measure for each line");
        return NULL;
    }
    PyObject **sorted = PyMem_Malloc(sizeof(PyObject *) * (size_t)(d ? d : 1));
    if (sorted == NULL)
        return PyErr_NoMemory();
    memcpy(sorted, PySequence_Fast_ITEMS(drop), sizeof(PyObject *) * (size_t)d);
    qsort(sorted, (size_t)d, sizeof(PyObject *), cmp_ptr);
    PyObject *kept = PyList_New(0), *kept_measure = PyList_New(0);
    for (Py_ssize_t i = 0; kept != NULL && kept_measure != NULL && i < n; i++) {
        PyObject *ln = PyList_GET_ITEM(lines, i);
        if (d && bsearch(&ln, sorted, (size_t)d, sizeof(PyObject *), cmp_ptr) != NULL)
            continue;
        if (PyList_Append(kept, ln) < 0 || PyList_Append(kept_measure, PyList_GET_ITEM(measure, i)) < 0)
            Py_CLEAR(kept);
    }
    PyMem_Free(sorted);
    if (kept == NULL || kept_measure == NULL) {
        Py_XDECREF(kept);
        Py_XDECREF(kept_measure);
        return NULL;
    }
    return Py_BuildValue("(NN)", kept, kept_measure);
}

/* The one argument of a function over a list (runs, blocks), borrowed, once
 * the core is bound; NULL with the error otherwise. */
static PyObject *bound_list_arg(PyObject *args)
{
    PyObject *list;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &list) || check_bound())
        return NULL;
    return list;
}

/* The k >= 1 a CJK merge of runs may take (heads.merge_wrapped_heads,
 * reading_order.glue_runs): run k and the run above are one line each, or
 * run k's first line opens (after its blanks) with one of ``openers``, or
 * (``last`` not empty) the run above is two lines, the first ending on
 * ``last``.  What each merge then asks of them is asked in Python. */
static PyObject *cjk_run_candidates(PyObject *self, PyObject *args)
{
    PyObject *runs, *openers_s, *last_s;
    if (!PyArg_ParseTuple(args, "O!UU", &PyList_Type, &runs, &openers_s, &last_s) || check_bound())
        return NULL;
    if (PyUnicode_GET_LENGTH(last_s) > 1) {
        PyErr_SetString(PyExc_ValueError, "cjk_run_candidates: last must be one character or empty");
        return NULL;
    }
    /* (two merges call with two classes, in turn: a slot each, not a
     * class filled anew on every call) */
    static charset opener_sets[2];
    static PyObject *opener_sets_of[2];
    static int refill = 0;
    int slot = opener_sets_of[0] == openers_s ? 0 : opener_sets_of[1] == openers_s ? 1 : -1;
    if (slot < 0) {
        slot = refill;
        refill ^= 1;
        if (cached_set(&opener_sets[slot], &opener_sets_of[slot], openers_s))
            return NULL;
    }
    const charset *openers = &opener_sets[slot];
    Py_UCS4 last = PyUnicode_GET_LENGTH(last_s) ? PyUnicode_READ_CHAR(last_s, 0) : 0;
    Py_ssize_t n = PyList_GET_SIZE(runs);
    PyObject *out = PyList_New(0);
    Py_ssize_t above = -1; /* the lines of the run above (-1: none yet) */
    for (Py_ssize_t k = 0; out != NULL && k < n; k++) {
        PyObject *run = PyList_GET_ITEM(runs, k);
        PyObject *first = PyList_Check(run) && PyList_GET_SIZE(run) > 0 ? PyList_GET_ITEM(run, 0) : NULL;
        if (first == NULL || !IS_LINE(first)) {
            PyErr_SetString(PyExc_TypeError, "cjk_run_candidates: expected runs of Line objects");
            Py_CLEAR(out);
            break;
        }
        Py_ssize_t size = PyList_GET_SIZE(run);
        PyObject *text = LN(first)->text;
        int take = 0;
        if (k > 0) {
            take = size == 1 && above == 1;
            Py_ssize_t len = PyUnicode_GET_LENGTH(text), j = 0;
            int kind = PyUnicode_KIND(text);
            const void *data = PyUnicode_DATA(text);
            while (!take && j < len && (PyUnicode_READ(kind, data, j) == ' ' || PyUnicode_READ(kind, data, j) == 0x3000))
                j++;
            if (!take && j < len)
                take = in_set(openers, PyUnicode_READ(kind, data, j));
            if (!take && last && above == 2) {
                PyObject *t = LN(PyList_GET_ITEM(PyList_GET_ITEM(runs, k - 1), 0))->text;
                Py_ssize_t tl = PyUnicode_GET_LENGTH(t);
                take = tl > 0 && PyUnicode_READ_CHAR(t, tl - 1) == last;
            }
        }
        if (take && append_index(out, k))
            Py_CLEAR(out);
        above = size;
    }
    return out;
}

/* reading_order.glue_runs' Latin candidates: the k >= 1 whose run opens
 * with an a-z letter, or under a run ending on a comma or a lowercase
 * letter, or that and the run above are all caps (str.isupper). */
static PyObject *latin_glue_candidates(PyObject *self, PyObject *args)
{
    PyObject *runs = bound_list_arg(args);
    if (runs == NULL)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(runs);
    PyObject *out = PyList_New(0);
    PyObject *end = NULL;
    for (Py_ssize_t k = 0; out != NULL && k < n; k++) {
        PyObject *run = PyList_GET_ITEM(runs, k);
        PyObject *first = PyList_Check(run) && PyList_GET_SIZE(run) > 0 ? PyList_GET_ITEM(run, 0) : NULL;
        PyObject *last = first ? PyList_GET_ITEM(run, PyList_GET_SIZE(run) - 1) : NULL;
        if (first == NULL || !IS_LINE(first) || !IS_LINE(last) || PyUnicode_GET_LENGTH(LN(first)->text) == 0 ||
            PyUnicode_GET_LENGTH(LN(last)->text) == 0) {
            PyErr_SetString(PyExc_TypeError, "latin_glue_candidates: expected runs of Line objects with text");
            Py_CLEAR(out);
            break;
        }
        PyObject *start = LN(first)->text;
        if (end != NULL) {
            Py_UCS4 s0 = PyUnicode_READ_CHAR(start, 0), e1 = PyUnicode_READ_CHAR(end, PyUnicode_GET_LENGTH(end) - 1);
            int take = (s0 >= 'a' && s0 <= 'z') || e1 == ',' || Py_UNICODE_ISLOWER(e1) || (str_isupper(end) && str_isupper(start));
            if (take && append_index(out, k))
                Py_CLEAR(out);
        }
        end = LN(last)->text;
    }
    return out;
}

/* segment_lines' starting states: (soft, fixed).  soft: a single blank line
 * above in a single-spaced source (evidence, not proof: only when
 * ``soft_allowed``); fixed: True where a stated break is not soft, else None. */
static PyObject *initial_states(PyObject *self, PyObject *args)
{
    PyObject *lines, *forcedl;
    int soft_allowed;
    if (!PyArg_ParseTuple(args, "OOp", &lines, &forcedl, &soft_allowed))
        return NULL;
    Py_ssize_t n;
    char *forced;
    linerec *r = read_records_and_flags(lines, forcedl, &n, &forced);
    if (r == NULL)
        return NULL;
    PyObject *soft = PyList_New(n), *fixed = PyList_New(n);
    if (soft == NULL || fixed == NULL) {
        PyMem_Free(r);
        PyMem_Free(forced);
        Py_XDECREF(soft);
        Py_XDECREF(fixed);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        int s = soft_allowed && i > 0 && forced[i] && r[i].blank == 1 && !r[i].indent;
        PyList_SET_ITEM(soft, i, Py_NewRef(s ? Py_True : Py_False));
        PyList_SET_ITEM(fixed, i, Py_NewRef(forced[i] && !s ? Py_True : Py_None));
    }
    PyMem_Free(r);
    PyMem_Free(forced);
    return Py_BuildValue("(NN)", soft, fixed);
}

/* The runs of lines that start at each true state, and the measure at each
 * run's first line: (runs, measures). */
static PyObject *split_runs(PyObject *self, PyObject *args)
{
    PyObject *lines, *starts, *Wl;
    if (!PyArg_ParseTuple(args, "O!O!O!", &PyList_Type, &lines, &PyList_Type, &starts, &PyList_Type, &Wl))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(lines);
    if (PyList_GET_SIZE(starts) < n || PyList_GET_SIZE(Wl) < n) {
        PyErr_SetString(PyExc_ValueError, "split_runs: starts and W must be as long as the lines");
        return NULL;
    }
    PyObject *runs = PyList_New(0), *measures = PyList_New(0);
    if (runs == NULL || measures == NULL)
        goto fail;
    Py_ssize_t a = 0;
    for (Py_ssize_t i = 1; i <= n; i++) {
        int start = 1;
        if (i < n) {
            start = exact_flag(PyList_GET_ITEM(starts, i), 0);
            if (start < 0)
                goto fail;
        }
        if (!start)
            continue;
        PyObject *run = PyList_GetSlice(lines, a, i);
        if (run == NULL || PyList_Append(runs, run) < 0 || PyList_Append(measures, PyList_GET_ITEM(Wl, a)) < 0) {
            Py_XDECREF(run);
            goto fail;
        }
        /* a run holds lines only, which hold str, int and bool: no cycle
         * can pass through it, and the collector need not visit it (nor
         * the thousands of lines in it) when the cleaning is over */
        PyObject_GC_UnTrack(run);
        Py_DECREF(run);
        a = i;
    }
    return Py_BuildValue("(NN)", runs, measures);
fail:
    Py_XDECREF(runs);
    Py_XDECREF(measures);
    return NULL;
}



/* Whether an ASCII line can match furniture.CANDIDATE_RE: it opens like a
 * page label, a weekday, a dashed number, a rule or a blank, or no word of
 * its first item (up to two blanks or a rule) starts in lowercase -- an item
 * is made of capitalised words and digit runs only. */
static int ascii_item_may_start(const void *data, Py_ssize_t size)
{
    const char *t = (const char *)data;
    static const char *openers[] = {"P.", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", NULL};
    if (!is_ascii_alnum((Py_UCS4)(unsigned char)t[0]))
        return 1; /* (a dash, a rule, a blank first: the pattern's other openings) */
    for (int k = 0; openers[k] != NULL; k++)
        if (strncmp(t, openers[k], strlen(openers[k])) == 0)
            return 1;
    for (Py_ssize_t j = 0; j < size; j++) {
        char c = t[j];
        int blank = c == ' ' || c == '\t';
        if (c == '|' || (blank && j + 1 < size && (t[j + 1] == ' ' || t[j + 1] == '\t')))
            return 1; /* the first item ends here */
        if ((j == 0 || blank) && j + (blank ? 1 : 0) < size) {
            char w = t[j + (blank ? 1 : 0)];
            if (w >= 'a' && w <= 'z')
                return 0;
        }
    }
    return 1;
}

/* Whether an ASCII line that is one item of words and digits (no gap, no
 * rule, no mark) can grade as furniture: furniture.WEAK_ASCII_ITEM_RE
 * exactly -- a number of up to three digits, A12, capitals maybe
 * letter-spaced, up to four capitalised words -- or a page label (the one
 * strong item such a line can be).  Any other line (a mark, a tab, two
 * blanks in a row) is left to Python. */
static int ascii_item_may_grade(const char *t, Py_ssize_t size)
{
    Py_ssize_t digits = 0, upper = 0, words = 1;
    int capitalised = 1, lower = 0, short_word = 0;
    for (Py_ssize_t j = 0; j < size; j++) {
        char c = t[j];
        int word_start = j == 0 || t[j - 1] == ' ';
        if (c == ' ') {
            if (j + 1 >= size || t[j + 1] == ' ')
                return 1; /* (a gap: several items) */
            words++;
            continue;
        }
        if (c >= '0' && c <= '9')
            digits++;
        else if (c >= 'A' && c <= 'Z')
            upper++;
        else if (c >= 'a' && c <= 'z')
            lower = 1;
        else
            return 1; /* a mark, a tab...: Python grades it */
        if (word_start && !(c >= 'A' && c <= 'Z'))
            capitalised = 0;
        if (word_start && (j + 1 >= size || t[j + 1] == ' '))
            short_word = 1; /* a word of one letter or digit */
    }
    int capital_first = t[0] >= 'A' && t[0] <= 'Z';
    if (strncmp(t, "Page", 4) == 0 || strncmp(t, "PAGE", 4) == 0)
        return 1; /* Page 12: a strong item */
    if (words == 1 && digits == size && size <= 3)
        return 1; /* 12 */
    if (words == 1 && size <= 3 && capital_first && digits == size - 1 && digits > 0)
        return 1; /* A12 */
    if (!lower && !digits && upper >= 3 && upper <= 15 && capital_first)
        return 1; /* NEWS, S C I E N C E */
    return !digits && capitalised && !short_word && words <= 4; /* Daily Herald */
}

static inline int is_item_rule(Py_UCS4 c) /* [|｜•·]: a rule between items */
{
    return c == '|' || c == 0xFF5C || c == 0x2022 || c == 0xB7;
}

/* furniture.CANDIDATE_RE, loosely, for a line that is not ASCII: can it
 * open with a furniture item?  Past blanks and rules, either its first
 * character may open a strong item (``starts``: 《, 责, 第, a digit...) or
 * its first item -- up to two blanks in a row, a rule or its end -- holds
 * nothing but Han (``han``: pairs of range bounds), digits, ASCII letters,
 * astral characters and single blanks.  Looser than the pattern: the lines
 * it lets pass are matched with it. */
static int item_may_open(int kind, const void *data, Py_ssize_t size, const charset *starts, PyObject *han)
{
    Py_ssize_t j = 0;
    while (j < size) {
        Py_UCS4 c = PyUnicode_READ(kind, data, j);
        if (!Py_UNICODE_ISSPACE(c) && !is_item_rule(c))
            break;
        j++;
    }
    if (j == size || in_set(starts, PyUnicode_READ(kind, data, j)))
        return 1;
    int hk = PyUnicode_KIND(han);
    const void *hd = PyUnicode_DATA(han);
    Py_ssize_t hn = PyUnicode_GET_LENGTH(han);
    int blank = 0, only_han = j == 0; /* (the line is Han letters and nothing else) */
    Py_UCS4 first = PyUnicode_READ(kind, data, j);
    for (; j < size; j++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, j);
        if (Py_UNICODE_ISSPACE(c)) {
            if (blank)
                return 1; /* a gap ends the item */
            blank = 1;
            only_han = 0;
            continue;
        }
        blank = 0;
        if (is_item_rule(c))
            return 1;
        if (c < 0x80 ? is_ascii_alnum(c) : (c >= 0x10000 || Py_UNICODE_ISDECIMAL(c))) {
            only_han = only_han && c >= 0x10000;
            continue;
        }
        int in_han = 0;
        for (Py_ssize_t r = 0; r + 1 < hn && !in_han; r += 2)
            in_han = c >= PyUnicode_READ(hk, hd, r) && c <= PyUnicode_READ(hk, hd, r + 1);
        if (!in_han)
            return 0; /* a mark or a letter no item holds: the item runs into text */
    }
    /* one item of Han letters alone grades only as a name of up to six
     * letters (eight with 日报), or as a lunar date (农历…): a longer one
     * is a heading, not furniture */
    if (only_han && size > 8 && first != 0x519C && first != 0x8FB2) /* 农 農 */
        return 0;
    return 1;
}

/* Two spaces in a row in t[0:size]: eight bytes at a time (a byte of
 * (x ^ spaces) | (y ^ spaces) is zero where t[j] and t[j + 1] are both
 * spaces; the test for a zero byte is exact), the rest one by one. */
static int has_double_space(const char *t, Py_ssize_t size)
{
    const uint64_t spaces = 0x2020202020202020ULL, ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    Py_ssize_t j = 0;
    for (; j + 9 <= size; j += 8) {
        uint64_t x, y;
        memcpy(&x, t + j, 8);
        memcpy(&y, t + j + 1, 8);
        uint64_t c = (x ^ spaces) | (y ^ spaces);
        if ((c - ones) & ~c & highs)
            return 1;
    }
    for (; j + 1 < size; j++)
        if (t[j] == ' ' && t[j + 1] == ' ')
            return 1;
    return 0;
}

/* found = AT(d, j) for some j in [0, limit), d the text's T characters:
 * 64 places tested at once (no early exit inside a block, so the compiler
 * makes vector instructions of it), then the rest one by one. */
#define ANY_AT(T, data, limit, AT, found)                     \
    do {                                                      \
        const T *d = (const T *)(data);                       \
        Py_ssize_t j = 0;                                     \
        for (; j + 64 <= (limit) && !(found); j += 64)        \
            for (int k = 0; k < 64; k++)                      \
                (found) |= AT(d, j + k);                      \
        for (; j < (limit) && !(found); j++)                  \
            (found) = AT(d, j);                               \
    } while (0)

/* "  " in text, for the whole page: a one-byte text eight bytes at a time
 * (Latin pages have a space every few letters, where a search for the
 * pair stops at each). */
static PyObject *holds_double_space(PyObject *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "holds_double_space: expected a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (kind == PyUnicode_1BYTE_KIND)
        return PyBool_FromLong(has_double_space((const char *)data, n));
    /* (str's own search of a two-character needle in two-byte text costs
     * several times more) */
    int found = 0;
#define PAIR_AT(d, j) (((d)[j] == ' ') & ((d)[(j) + 1] == ' '))
    if (kind == PyUnicode_2BYTE_KIND)
        ANY_AT(Py_UCS2, data, n - 1, PAIR_AT, found);
    else
        ANY_AT(Py_UCS4, data, n - 1, PAIR_AT, found);
#undef PAIR_AT
    return PyBool_FromLong(found);
}

/* ``ch in text``, in a typed loop: str's own search of a character whose
 * low byte is common in the text (U+3000 in CJK text: every ASCII
 * character's high byte is 0) stops at each of those. */
static PyObject *holds_char(PyObject *self, PyObject *args)
{
    PyObject *text;
    int ch;
    if (!PyArg_ParseTuple(args, "UC", &text, &ch))
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if ((Py_UCS4)ch > PyUnicode_MAX_CHAR_VALUE(text))
        Py_RETURN_FALSE;
    if (kind == PyUnicode_1BYTE_KIND)
        return PyBool_FromLong(memchr(data, ch, (size_t)n) != NULL);
    int found = 0;
#define CHAR_AT(d, j) ((Py_UCS4)(d)[j] == (Py_UCS4)ch)
    if (kind == PyUnicode_2BYTE_KIND)
        ANY_AT(Py_UCS2, data, n, CHAR_AT, found);
    else
        ANY_AT(Py_UCS4, data, n, CHAR_AT, found);
#undef CHAR_AT
    return PyBool_FromLong(found);
}

/* ------------------------------------------------------------ letter-spacing */

/* Whether a character is one of chars.HAN's letters, as the pattern bound
 * last (chars.HAN_RE) answers: asked once per BMP character and kept
 * (0 not asked, 1 no, 2 yes), asked every time past the BMP (rare).  The
 * pattern stays the one definition of the class. */
static unsigned char han_known[0x10000];
static PyObject *han_pattern = NULL, *han_match = NULL;

static int bind_han(PyObject *pattern)
{
    if (pattern == han_pattern)
        return 0;
    PyObject *match = PyObject_GetAttrString(pattern, "match");
    if (match == NULL)
        return -1;
    memset(han_known, 0, sizeof(han_known));
    Py_XSETREF(han_match, match);
    Py_XSETREF(han_pattern, Py_NewRef(pattern));
    return 0;
}

/* 1 a letter, 0 not, -1 an error from the pattern */
static int is_han(Py_UCS4 c)
{
    if (c < 0x10000 && han_known[c])
        return han_known[c] - 1;
    PyObject *ch = PyUnicode_FromOrdinal((int)c);
    if (ch == NULL)
        return -1;
    PyObject *m = PyObject_CallOneArg(han_match, ch);
    Py_DECREF(ch);
    if (m == NULL)
        return -1;
    int yes = m != Py_None;
    Py_DECREF(m);
    if (c < 0x10000)
        han_known[c] = (unsigned char)(yes + 1);
    return yes;
}

static inline int is_spacing_blank(Py_UCS4 c) { return c == ' ' || c == 0x3000; }

/* The end of the letter-spaced run that opens with the letter at s (a
 * letter with none before it), or s when there is none: what
 * spacing.LETTER_SPACED_CJK_RE matches from s.  Each step is one or two
 * blanks, then a letter with no letter after it (two blanks then no letter
 * cannot take one blank instead: its second would be no letter). -1: error. */
static Py_ssize_t spaced_run_end(int kind, const void *data, Py_ssize_t n, Py_ssize_t s)
{
    Py_ssize_t end = s, pos = s + 1;
    while (pos < n && is_spacing_blank(PyUnicode_READ(kind, data, pos))) {
        Py_ssize_t q = pos + 1;
        if (q < n && is_spacing_blank(PyUnicode_READ(kind, data, q)))
            q++;
        if (q >= n)
            break;
        int h = is_han(PyUnicode_READ(kind, data, q));
        if (h <= 0) {
            if (h < 0)
                return -1;
            break;
        }
        if (q + 1 < n) {
            h = is_han(PyUnicode_READ(kind, data, q + 1));
            if (h != 0) {
                if (h < 0)
                    return -1;
                break;
            }
        }
        end = pos = q + 1;
    }
    return end;
}

/* spaced_runs(text, han_pattern, search_only): spacing.LETTER_SPACED_CJK_RE
 * .sub(_join_spaced_run, text) -- each run's blanks taken out, a space put
 * back before a credit's verb (摄 攝) ending a run of three letters or more
 * -- or, with search_only, whether the pattern finds a run.  A run opens at
 * a letter with a blank after it: only those places are tried.  The text
 * itself comes back when there is no run.  (The pattern is bound first:
 * letter_spaced runs the scan after its own tests.) */
static PyObject *collapse_spaced_runs(PyObject *text, int search_only)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_UCS4 *out = NULL;
    Py_ssize_t done = 0, size = 0; /* text[:done] is out[:size] */
    for (Py_ssize_t p = 1; p < n; p++) {
        if (!is_spacing_blank(PyUnicode_READ(kind, data, p)))
            continue;
        Py_ssize_t s = p - 1;
        if (s < done)
            continue; /* (a blank of the run just taken) */
        int h = is_han(PyUnicode_READ(kind, data, s));
        if (h == 1 && s > 0) { /* (no letter before it) */
            int before = is_han(PyUnicode_READ(kind, data, s - 1));
            h = before < 0 ? -1 : !before;
        }
        if (h < 0)
            goto error;
        if (!h)
            continue;
        Py_ssize_t end = spaced_run_end(kind, data, n, s);
        if (end < 0)
            goto error;
        if (end == s)
            continue;
        if (search_only)
            Py_RETURN_TRUE;
        if (out == NULL && (out = PyMem_New(Py_UCS4, n)) == NULL) {
            PyErr_NoMemory();
            goto error;
        }
        for (Py_ssize_t j = done; j < s; j++)
            out[size++] = PyUnicode_READ(kind, data, j);
        Py_ssize_t first = size; /* the run's letters are out[first:size] */
        for (Py_ssize_t j = s; j < end; j++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, j);
            if (!is_spacing_blank(c))
                out[size++] = c;
        }
        Py_UCS4 last = out[size - 1];
        if (size - first >= 3 && (last == 0x6444 || last == 0x651D)) { /* 摄 攝 */
            out[size - 1] = ' ';
            out[size++] = last;
        }
        done = p = end;
    }
    if (search_only)
        Py_RETURN_FALSE;
    if (out == NULL)
        return Py_NewRef(text);
    for (Py_ssize_t j = done; j < n; j++)
        out[size++] = PyUnicode_READ(kind, data, j);
    PyObject *result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, size);
    PyMem_Free(out);
    return result;
error:
    PyMem_Free(out);
    return NULL;
}

static PyObject *spaced_runs(PyObject *self, PyObject *args)
{
    PyObject *text, *pattern;
    int search_only;
    if (!PyArg_ParseTuple(args, "UOp", &text, &pattern, &search_only) || bind_han(pattern))
        return NULL;
    return collapse_spaced_runs(text, search_only);
}

/* letter_spaced(text, han_pattern): lines.is_letter_spaced past its first
 * tests (a blank in the first three characters; a Latin spaced line): the
 * text cut at its whitespace as str.split() cuts it, at most 48 characters,
 * two tokens or more before a trailing bracket (（资料图片）), the last of
 * them ending no sentence, two single letters or more, every longer token
 * the first (no letter in it: □) or a trailing bracket -- and a
 * letter-spaced run in it (spaced_runs). */
static PyObject *letter_spaced(PyObject *self, PyObject *args)
{
    PyObject *text, *pattern;
    if (!PyArg_ParseTuple(args, "UO", &text, &pattern) || check_bound() || bind_han(pattern))
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n > 48)
        Py_RETURN_FALSE;
    Py_ssize_t starts[25], ends[25]; /* (48 characters hold 24 tokens at most) */
    int count = 0;
    for (Py_ssize_t j = 0; j < n;) {
        while (j < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j)))
            j++;
        if (j == n)
            break;
        starts[count] = j;
        while (j < n && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j)))
            j++;
        ends[count++] = j;
    }
#define OPENS_BRACKET(k) (PyUnicode_READ(kind, data, starts[k]) == 0xFF08 || PyUnicode_READ(kind, data, starts[k]) == '(')
    int core = count >= 2 && OPENS_BRACKET(count - 1) ? count - 1 : count; /* (a trailing （…） does not count) */
    if (core < 2 || in_set(&finals, PyUnicode_READ(kind, data, ends[core - 1] - 1)))
        Py_RETURN_FALSE;
    int singles = 0;
    for (int k = 0; k < count; k++)
        singles += ends[k] - starts[k] == 1;
    if (singles < 2)
        Py_RETURN_FALSE;
    for (int k = 0; k < count; k++) {
        if (ends[k] - starts[k] == 1)
            continue;
        if (k == count - 1 && OPENS_BRACKET(k))
            continue;
        if (k != 0)
            Py_RETURN_FALSE;
        for (Py_ssize_t j = starts[k]; j < ends[k]; j++) { /* the first token: no letter in it */
            int h = is_han(PyUnicode_READ(kind, data, j));
            if (h < 0)
                return NULL;
            if (h)
                Py_RETURN_FALSE;
        }
    }
#undef OPENS_BRACKET
    return collapse_spaced_runs(text, 1);
}

/* furniture.find_furniture's cheap tests, for every line: the indices of the
 * lines that may be furniture by their size and shape (at most 80
 * characters; short, or starting the way a strong item does, or spread out
 * with spaces or rules).  Python grades those alone. */
static PyObject *furniture_candidates(PyObject *self, PyObject *args)
{
    PyObject *lines, *starts_s, *han;
    if (!PyArg_ParseTuple(args, "O!UU", &PyList_Type, &lines, &starts_s, &han))
        return NULL;
    if (check_bound())
        return NULL;
    static charset starts;
    static PyObject *starts_of;
    if (cached_set(&starts, &starts_of, starts_s))
        return NULL;
    PyObject *out = PyList_New(0);
    Py_ssize_t n = PyList_GET_SIZE(lines);
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        PyObject *ln = PyList_GET_ITEM(lines, i);
        if (!IS_LINE(ln)) {
            PyErr_SetString(PyExc_TypeError, "furniture_candidates: expected a list of Line objects");
            Py_CLEAR(out);
            break;
        }
        PyObject *text = LN(ln)->text;
        Py_ssize_t size = PyUnicode_GET_LENGTH(text);
        if (size > 80 || size == 0)
            continue;
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        int take = size <= 12 || (size <= 40 && in_set(&starts, PyUnicode_READ(kind, data, 0)));
        if (!take && kind == PyUnicode_1BYTE_KIND && size > 40) {
            /* a long one-byte line is spread only by two spaces in a row
             * (no ideographic space in it): most Latin lines end here */
            if (!has_double_space((const char *)data, size))
                continue;
            take = 1;
        }
        if (!take) {
            /* spread: a space, an ideographic space or a bar; past 40
             * characters, two spaces in a row or an ideographic space (the
             * scan stops once that is known) */
            unsigned m = line_marks(ln);
            int spread = (m & (MARK_SPACE | MARK_IDEOGRAPHIC_SPACE | MARK_BAR)) != 0;
            int wide_gap = (m & (MARK_DOUBLE_SPACE | MARK_IDEOGRAPHIC_SPACE)) != 0;
            take = spread && (size <= 40 || wide_gap);
        }
        if (take && (PyUnicode_IS_ASCII(text) ? !ascii_item_may_start(data, size) || !ascii_item_may_grade(data, size)
                                              : !item_may_open(kind, data, size, &starts, han)))
            take = 0;
        if (take && append_index(out, i))
            Py_CLEAR(out);
    }
    return out;
}


/* reading_order.lift_displaced's hosts: the indices i of the lines followed
 * by one with blank lines (or removed furniture) above it, but for the last
 * two lines */
static PyObject *lines_before_gaps(PyObject *self, PyObject *args)
{
    PyObject *lines;
    if (!PyArg_ParseTuple(args, "O", &lines))
        return NULL;
    Py_ssize_t n;
    linerec *r = read_records(lines, &n);
    if (r == NULL)
        return NULL;
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out != NULL && i + 2 < n; i++)
        if (r[i + 1].blank != 0 && append_index(out, i))
            Py_CLEAR(out);
    PyMem_Free(r);
    return out;
}


static inline int cjk_mark(Py_UCS4 c) /* CJK on a CJK page: U+2E80 on, and “”‘’…—· */
{
    return c >= 0x2E80 || c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x2026 || c == 0x2014 ||
           c == 0xB7;
}

/* The text of one run of lines when every repair of pipeline._joined_text
 * would leave it as joined (the common case): each break the common one
 * (tight on a CJK page, one space on a Latin page), nothing letter-spaced,
 * no blanks to squeeze.  NULL without an error: Python joins this run. */
static int has_double_space(const char *t, Py_ssize_t size);

static PyObject *plain_join(PyObject *run, int cjk_page)
{
    Py_ssize_t m = PyList_GET_SIZE(run);
    PyObject *texts = PyList_New(m);
    if (texts == NULL)
        return NULL;
    for (Py_ssize_t j = 0; j < m; j++) {
        PyObject *ln = PyList_GET_ITEM(run, j);
        PyObject *t = IS_LINE(ln) ? LN(ln)->text : NULL;
        if (t == NULL || PyUnicode_GET_LENGTH(t) == 0) {
            Py_DECREF(texts);
            return NULL; /* (Python decides, and raises if it must) */
        }
        if (j > 0) {
            PyObject *left = PyList_GET_ITEM(texts, j - 1);
            Py_UCS4 a = PyUnicode_READ_CHAR(left, PyUnicode_GET_LENGTH(left) - 1), b = PyUnicode_READ_CHAR(t, 0);
            int special = cjk_page ? (!cjk_mark(a) && !cjk_mark(b)) : (a == '-' || a >= 0x2E80 || b >= 0x2E80);
            if (special) {
                Py_DECREF(texts);
                return NULL;
            }
        }
        PyList_SET_ITEM(texts, j, Py_NewRef(t));
    }
    PyObject *sep = cjk_page ? Py_NewRef(empty_str) : PyUnicode_FromOrdinal(' ');
    PyObject *text = m == 1 ? Py_NewRef(PyList_GET_ITEM(texts, 0)) : (sep ? PyUnicode_Join(sep, texts) : NULL);
    Py_XDECREF(sep);
    Py_DECREF(texts);
    if (text == NULL)
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    int ascii = PyUnicode_IS_ASCII(text), space = 0, plain = len > 0;
#define PLAIN_SCAN(T)                                                      \
    do {                                                                   \
        const T *d = (const T *)data;                                      \
        for (Py_ssize_t j = 0; j < len; j++) {                             \
            T c = d[j];                                                    \
            if (c > ' ' && c != 0xA0 && (sizeof(T) == 1 || c != 0x3000))   \
                continue; /* (most characters) */                          \
            if (c == ' ') {                                                \
                space = 1;                                                 \
                if (j + 1 < len && d[j + 1] == ' ') {                      \
                    plain = 0; /* squeezed */                              \
                    break;                                                 \
                }                                                          \
            } else if (c == '\t' || c == 0xA0 || (sizeof(T) > 1 && c == 0x3000)) { \
                plain = 0; /* squeezed, or letter-spacing */               \
                break;                                                     \
            }                                                              \
        }                                                                  \
    } while (0)
    if (plain && kind == PyUnicode_1BYTE_KIND) {
        /* (a one-byte text, most Latin ones: memchr and eight bytes at a time) */
        const char *d = (const char *)data;
        if (memchr(d, '\t', (size_t)len) || memchr(d, 0xA0, (size_t)len) || has_double_space(d, len))
            plain = 0; /* squeezed, or letter-spacing */
        else
            space = memchr(d, ' ', (size_t)len) != NULL;
    } else if (plain) {
        BY_KIND(kind, PLAIN_SCAN);
    }
#undef PLAIN_SCAN
    if (plain && space && (!ascii || (len > 2 && PyUnicode_READ(kind, data, 1) == ' ')))
        plain = 0; /* letter-spacing may be collapsed */
    if (plain && (Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, 0)) || Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, len - 1))))
        plain = 0; /* stripped */
    if (!plain)
        Py_CLEAR(text);
    return text;
}

/* The block type (model.Block: slots type, lines, text and nothing else),
 * so join_runs makes blocks without running its Python __init__. */
static PyTypeObject *block_type = NULL;
static Py_ssize_t block_offsets[3];

static PyObject *bind_block(PyObject *self, PyObject *type)
{
    static const char *names[3] = {"type", "lines", "text"};
    if (!PyType_Check(type)) {
        PyErr_SetString(PyExc_TypeError, "bind_block: expected a type");
        return NULL;
    }
    PyTypeObject *t = (PyTypeObject *)type;
    if (t->tp_basicsize != (Py_ssize_t)(sizeof(PyObject) + 3 * sizeof(PyObject *)) || t->tp_dictoffset != 0 ||
        t->tp_weaklistoffset != 0 || t->tp_alloc == NULL) {
        PyErr_SetString(PyExc_TypeError, "bind_block: the block type must have the slots type, lines, text only");
        return NULL;
    }
    Py_ssize_t found[3];
    for (int f = 0; f < 3; f++) {
        PyObject *d = PyObject_GetAttrString(type, names[f]);
        if (d == NULL)
            return NULL;
        int ok = Py_IS_TYPE(d, &PyMemberDescr_Type) && ((PyMemberDescrObject *)d)->d_member->type == T_OBJECT_EX &&
                 PyType_IsSubtype(t, PyDescr_TYPE(d));
        if (ok) {
            found[f] = ((PyMemberDescrObject *)d)->d_member->offset;
            ok = found[f] >= (Py_ssize_t)sizeof(PyObject) && found[f] + (Py_ssize_t)sizeof(PyObject *) <= t->tp_basicsize;
        }
        Py_DECREF(d);
        if (!ok) {
            PyErr_Format(PyExc_TypeError, "bind_block: %s is not a slot of the block type", names[f]);
            return NULL;
        }
    }
    memcpy(block_offsets, found, sizeof(found));
    Py_XSETREF(block_type, (PyTypeObject *)Py_NewRef(type));
    Py_RETURN_NONE;
}

/* A block as Block(kind, run, text) makes it. */
static PyObject *new_block(PyObject *cls, PyObject *kind, PyObject *run, PyObject *text)
{
    if ((PyTypeObject *)cls != block_type)
        return PyObject_CallFunctionObjArgs(cls, kind, run, text, NULL);
    PyObject *b = block_type->tp_alloc(block_type, 0);
    if (b == NULL)
        return NULL;
    PyObject *values[3] = {kind, run, text};
    for (int f = 0; f < 3; f++)
        *(PyObject **)((char *)b + block_offsets[f]) = Py_NewRef(values[f]);
    /* a block made here holds its type, its run of lines and its text:
     * no cycle passes through it (see split_runs) */
    PyObject_GC_UnTrack(b);
    return b;
}

/* A block's attribute (a new reference): read off its slot when it is of
 * the bound block type, else through getattr. */
enum { B_TYPE, B_LINES, B_TEXT };
static PyObject *block_attr(PyObject *b, int f, PyObject *name)
{
    if (block_type != NULL && Py_IS_TYPE(b, block_type)) {
        PyObject *v = *(PyObject **)((char *)b + block_offsets[f]);
        if (v == NULL)
            PyErr_SetObject(PyExc_AttributeError, name);
        return Py_XNewRef(v);
    }
    return PyObject_GetAttr(b, name);
}

/* pipeline's blocks from runs: (blocks, slow) -- block_type(body, run, text)
 * for each run plain_join can join, None and its index in slow for the
 * others. */
static PyObject *join_runs(PyObject *self, PyObject *args)
{
    PyObject *runs, *block_cls, *body;
    int cjk_page;
    if (!PyArg_ParseTuple(args, "O!pOO", &PyList_Type, &runs, &cjk_page, &block_cls, &body))
        return NULL;
    if (check_bound())
        return NULL;
    /* (a snapshot: making a block runs Python code, which must not pull the list away) */
    PyObject *seq = PyList_AsTuple(runs);
    if (seq == NULL)
        return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(seq);
    PyObject *blocks = PyList_New(n), *slow = PyList_New(0);
    if (blocks == NULL || slow == NULL)
        goto fail;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *run = PyTuple_GET_ITEM(seq, k);
        PyObject *text = PyList_Check(run) && PyList_GET_SIZE(run) > 0 ? plain_join(run, cjk_page) : NULL;
        if (text == NULL) {
            if (PyErr_Occurred() || append_index(slow, k))
                goto fail;
            PyList_SET_ITEM(blocks, k, Py_NewRef(Py_None));
            continue;
        }
        PyObject *b = new_block(block_cls, body, run, text);
        Py_DECREF(text);
        if (b == NULL)
            goto fail;
        PyList_SET_ITEM(blocks, k, b);
    }
    Py_DECREF(seq);
    return Py_BuildValue("(NN)", blocks, slow);
fail:
    Py_DECREF(seq);
    Py_XDECREF(blocks);
    Py_XDECREF(slow);
    return NULL;
}

/* ------------------------------------------------------------ classify */

static inline int names_credit_verb(int kind, const void *data, Py_ssize_t a, Py_ssize_t b) /* 摄 or 攝 in s[a:b] */
{
    for (Py_ssize_t j = a; j < b; j++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, j);
        if (c == 0x6444 || c == 0x651D)
            return 1;
    }
    return 0;
}

/* classify's look at each block on its own: seven lists of indices --
 * (tails) the last line names a credit's verb in its last 24 characters;
 * (singles) one line; (forms) may hold a fixed form: at most 120
 * characters, opening with one of ``form_starts`` or a decimal digit, or
 * naming the verb; (heads) at most 3 lines and ``head_chars`` characters;
 * (wide) measure nonzero and wider than it: the widest line, even with its
 * squeezable marks counted half, over measure + 3; (interrupted) the first
 * line was lifted out of a paragraph; (retyped) its type is not ``body``. */
static PyObject *block_shapes(PyObject *self, PyObject *args)
{
    PyObject *blocks, *measures, *starts_s, *body;
    Py_ssize_t head_chars;
    if (!PyArg_ParseTuple(args, "O!O!nUO", &PyList_Type, &blocks, &PyList_Type, &measures, &head_chars, &starts_s, &body))
        return NULL;
    if (check_bound())
        return NULL;
    static charset starts;
    static PyObject *starts_of, *s_lines, *s_text, *s_type;
    if (cached_set(&starts, &starts_of, starts_s))
        return NULL;
    if (s_lines == NULL) {
        s_lines = PyUnicode_InternFromString("lines");
        s_text = PyUnicode_InternFromString("text");
        s_type = PyUnicode_InternFromString("type");
        if (s_lines == NULL || s_text == NULL || s_type == NULL)
            return NULL;
    }
    /* (snapshots: reading an attribute may run Python code) */
    PyObject *seq = PyList_AsTuple(blocks), *ms = PyList_AsTuple(measures);
    PyObject *out[7] = {NULL};
    PyObject *lines = NULL, *text = NULL, *type = NULL;
    if (seq == NULL || ms == NULL)
        goto fail;
    Py_ssize_t n = PyTuple_GET_SIZE(seq);
    if (PyTuple_GET_SIZE(ms) < n) {
        PyErr_SetString(PyExc_ValueError, "block_shapes: a measure for each block");
        goto fail;
    }
    for (int j = 0; j < 7; j++)
        if ((out[j] = PyList_New(0)) == NULL)
            goto fail;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *b = PyTuple_GET_ITEM(seq, k);
        long m = exact_long(PyTuple_GET_ITEM(ms, k));
        if (m == -1 && PyErr_Occurred())
            goto fail;
        lines = block_attr(b, B_LINES, s_lines);
        text = lines ? block_attr(b, B_TEXT, s_text) : NULL;
        type = text ? block_attr(b, B_TYPE, s_type) : NULL;
        if (type == NULL)
            goto fail;
        if (!PyList_Check(lines) || PyList_GET_SIZE(lines) == 0 || !PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "block_shapes: expected blocks with lines and a str text");
            goto fail;
        }
        Py_ssize_t nl = PyList_GET_SIZE(lines);
        long maxw = LONG_MIN, maxws = LONG_MIN;
        for (Py_ssize_t j = 0; j < nl; j++) {
            PyObject *ln = PyList_GET_ITEM(lines, j);
            if (!IS_LINE(ln)) {
                PyErr_SetString(PyExc_TypeError, "block_shapes: expected blocks of Line objects");
                goto fail;
            }
            long w = LN(ln)->width, sq = LN(ln)->squeezable;
            if (w > maxw)
                maxw = w;
            if (w - sq > maxws)
                maxws = w - sq;
        }
        PyObject *last = LN(PyList_GET_ITEM(lines, nl - 1))->text;
        Py_ssize_t ll = PyUnicode_GET_LENGTH(last);
        int tail = names_credit_verb(PyUnicode_KIND(last), PyUnicode_DATA(last), ll > 24 ? ll - 24 : 0, ll);
        Py_ssize_t len = PyUnicode_GET_LENGTH(text);
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        int form = 0;
        if (len > 0 && len <= 120) {
            Py_UCS4 c0 = PyUnicode_READ(kind, data, 0);
            form = in_set(&starts, c0) || Py_UNICODE_ISDECIMAL(c0) || names_credit_verb(kind, data, 0, len);
        }
        PyObject *kind0 = LN(PyList_GET_ITEM(lines, 0))->kind;
        int flags[7] = {
            tail,
            nl == 1,
            form,
            nl <= 3 && len <= head_chars,
            m != 0 && maxw > m + 3 && maxws > m + 3,
            PyUnicode_GET_LENGTH(kind0) == 12 && PyUnicode_CompareWithASCIIString(kind0, "interruption") == 0,
            type != body,
        };
        Py_CLEAR(lines);
        Py_CLEAR(text);
        Py_CLEAR(type);
        for (int j = 0; j < 7; j++)
            if (flags[j] && append_index(out[j], k))
                goto fail;
    }
    Py_DECREF(seq);
    Py_DECREF(ms);
    return Py_BuildValue("(NNNNNNN)", out[0], out[1], out[2], out[3], out[4], out[5], out[6]);
fail:
    Py_XDECREF(seq);
    Py_XDECREF(ms);
    Py_XDECREF(lines);
    Py_XDECREF(text);
    Py_XDECREF(type);
    for (int j = 0; j < 7; j++)
        Py_XDECREF(out[j]);
    return NULL;
}

/* classify's credit tails: the indices of the blocks whose last line names
 * a credit's verb (摄 攝) in its last 24 characters -- block_shapes' first
 * list, looked for alone (the credits are split off before the shapes). */
static PyObject *credit_tails(PyObject *self, PyObject *args)
{
    PyObject *blocks = bound_list_arg(args);
    if (blocks == NULL)
        return NULL;
    static PyObject *s_lines;
    if (s_lines == NULL && (s_lines = PyUnicode_InternFromString("lines")) == NULL)
        return NULL;
    PyObject *seq = PyList_AsTuple(blocks), *out = seq ? PyList_New(0) : NULL;
    for (Py_ssize_t k = 0; out != NULL && k < PyTuple_GET_SIZE(seq); k++) {
        PyObject *lines = block_attr(PyTuple_GET_ITEM(seq, k), B_LINES, s_lines);
        PyObject *last = lines && PyList_Check(lines) && PyList_GET_SIZE(lines) > 0
                             ? PyList_GET_ITEM(lines, PyList_GET_SIZE(lines) - 1) : NULL;
        if (last == NULL || !IS_LINE(last)) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_TypeError, "credit_tails: expected blocks of Line objects");
            Py_XDECREF(lines);
            Py_CLEAR(out);
            break;
        }
        PyObject *text = LN(last)->text;
        Py_ssize_t ll = PyUnicode_GET_LENGTH(text);
        int tail = names_credit_verb(PyUnicode_KIND(text), PyUnicode_DATA(text), ll > 24 ? ll - 24 : 0, ll);
        Py_DECREF(lines);
        if (tail && append_index(out, k))
            Py_CLEAR(out);
    }
    Py_XDECREF(seq);
    return out;
}

/* (the indices of the blocks whose text holds a character of ``chars``,
 * those of the blocks whose text holds one of ``others``): the pipeline's
 * one look for marks to repair and blanks to mend, instead of a regex scan
 * and a search per block. */
static PyObject *blocks_holding(PyObject *self, PyObject *args)
{
    PyObject *blocks, *chars_s, *others_s;
    if (!PyArg_ParseTuple(args, "O!UU", &PyList_Type, &blocks, &chars_s, &others_s))
        return NULL;
    static charset chars, others;
    static uint32_t either[0x10000 / 32]; /* the two classes over the BMP: most characters are in neither */
    static PyObject *chars_of, *others_of, *either_of[2], *s_text;
    if (cached_set(&chars, &chars_of, chars_s) || cached_set(&others, &others_of, others_s))
        return NULL;
    if (either_of[0] != chars_of || either_of[1] != others_of) {
        /* (made from the two classes now bound, whatever an earlier call that failed left) */
        for (Py_ssize_t w = 0; w < 0x10000 / 32; w++)
            either[w] = chars.bmp[w] | others.bmp[w];
        Py_XSETREF(either_of[0], Py_NewRef(chars_of));
        Py_XSETREF(either_of[1], Py_NewRef(others_of));
    }
    if (s_text == NULL && (s_text = PyUnicode_InternFromString("text")) == NULL)
        return NULL;
    PyObject *seq = PyList_AsTuple(blocks);
    PyObject *out = seq ? PyList_New(0) : NULL, *out2 = out ? PyList_New(0) : NULL;
    if (out2 == NULL) {
        Py_XDECREF(seq);
        Py_XDECREF(out);
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(seq);
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *text = block_attr(PyTuple_GET_ITEM(seq, k), B_TEXT, s_text);
        if (text == NULL || !PyUnicode_Check(text)) {
            if (text != NULL)
                PyErr_SetString(PyExc_TypeError, "blocks_holding: a block's text must be a str");
            Py_XDECREF(text);
            Py_CLEAR(out);
            break;
        }
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        Py_ssize_t len = PyUnicode_GET_LENGTH(text);
        int found = 0, found2 = 0;
#define HOLDING_LOOP(T)                                                   \
    do {                                                                  \
        const T *d = (const T *)data;                                     \
        for (Py_ssize_t j = 0; j < len; j++) {                            \
            Py_UCS4 c = d[j];                                             \
            if (c < 0x10000 && !((either[c >> 5] >> (c & 31)) & 1))      \
                continue;                                                 \
            found |= in_set(&chars, c);                                   \
            found2 |= in_set(&others, c);                                 \
            if (found && found2)                                          \
                break;                                                    \
        }                                                                 \
    } while (0)
        BY_KIND(kind, HOLDING_LOOP);
#undef HOLDING_LOOP
        Py_DECREF(text);
        if ((found && append_index(out, k)) || (found2 && append_index(out2, k))) {
            Py_CLEAR(out);
            break;
        }
    }
    Py_DECREF(seq);
    if (out == NULL) {
        Py_DECREF(out2);
        return NULL;
    }
    return Py_BuildValue("(NN)", out, out2);
}

static PyMethodDef methods[] = {
    {"bind", bind, METH_VARARGS, "bind(closing, finals, blanks, clause_marks, squeezable): the character classes."},
    {"bind_block", bind_block, METH_O, "bind_block(Block): the block type join_runs makes without calling it."},
    {"holds_double_space", holds_double_space, METH_O, "\"  \" in text, fast."},
    {"letter_spaced", letter_spaced, METH_VARARGS, "lines.is_letter_spaced's tokens and run search."},
    {"spaced_runs", spaced_runs, METH_VARARGS, "spacing's letter-spaced CJK runs collapsed (or, search_only, found)."},
    {"holds_char", holds_char, METH_VARARGS, "holds_char(text, ch): ch in text, fast where str's search is slow."},
    {"build_lines", build_lines, METH_VARARGS, "lines.read_lines' per-line pass."},
    {"viterbi", viterbi, METH_VARARGS, "paragraphs._viterbi."},
    {"column_widths", column_widths, METH_VARARGS, "paragraphs.estimate_column_widths."},
    {"segment_marks", segment_marks, METH_VARARGS, "The candidate lines of segment_lines' rules."},
    {"initial_states", initial_states, METH_VARARGS, "segment_lines' starting states: (soft, fixed)."},
    {"split_runs", split_runs, METH_VARARGS, "The runs starting at each true state, and their measures."},
    {"furniture_candidates", furniture_candidates, METH_VARARGS, "The lines find_furniture grades."},
    {"lines_before_gaps", lines_before_gaps, METH_VARARGS, "The lines followed by one with blank lines above."},
    {"join_runs", join_runs, METH_VARARGS, "Blocks from runs, where joining is plain."},
    {"credit_tails", credit_tails, METH_VARARGS, "classify's blocks with a credit's verb near the end."},
    {"char_counts", char_counts, METH_VARARGS, "(UTF-8 bytes past one a character, ASCII letters) of text[:limit]."},
    {"without_lines", without_lines, METH_VARARGS, "pipeline's lines and measures without the lifted lines."},
    {"stated_break_counts", stated_break_counts, METH_VARARGS, "paragraphs._blank_lines_end_paragraphs' counts."},
    {"latin_glue_candidates", latin_glue_candidates, METH_VARARGS, "reading_order.glue_runs' Latin candidates."},
    {"cjk_run_candidates", cjk_run_candidates, METH_VARARGS, "The runs the CJK merges of runs may take."},
    {"blocks_holding", blocks_holding, METH_VARARGS, "The blocks whose text holds one of the characters, and of the others."},
    {"block_shapes", block_shapes, METH_VARARGS, "classify's look at each block on its own (see classify._block_shapes)."},
    {"line_counts", line_counts, METH_VARARGS, "Counts over the lines several stages decide on."},
    {"hard_breaks", hard_breaks, METH_VARARGS, "paragraphs.hard_breaks."},
    {"interruption_hosts", interruption_hosts, METH_VARARGS, "interruptions.find_interruptions' host lines."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "ocrmend._speedups",
                                    "The optional compiled core of ocrmend (see accel.py).", -1, methods};

PyMODINIT_FUNC PyInit__speedups(void)
{
    empty_str = PyUnicode_New(0, 0);
    if (empty_str == NULL || PyType_Ready(&LineType) < 0)
        return NULL;
    init_marks_table();
    /* (as the dataclass has them: Line(text, number) in a match statement) */
    PyObject *match_args = Py_BuildValue("(sssssssssss)", "text", "number", "indent", "page", "blank_before", "width",
                                         "squeezable", "hang", "lead", "final", "kind");
    if (match_args == NULL || PyDict_SetItemString(LineType.tp_dict, "__match_args__", match_args) < 0) {
        Py_XDECREF(match_args);
        return NULL;
    }
    Py_DECREF(match_args);
    PyType_Modified(&LineType);
    PyObject *m = PyModule_Create(&module);
    if (m == NULL || PyModule_AddObjectRef(m, "Line", (PyObject *)&LineType) < 0) {
        Py_XDECREF(m);
        return NULL;
    }
    return m;
}
