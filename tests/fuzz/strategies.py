"""Hostile values for the fuzz tests, built once and shared by every test in tests/fuzz/.

A posted form is a dict of field name -> list of strings (the values a browser, or an
attacker, could send for that name): [] leaves the field out, several values repeat it.
Values are strings because HTTP carries nothing else; "wrong types" are the strings a
wrong type turns into (text for a number, a float for an id, a list for a single value).
"""

from hypothesis import strategies as st

HUGE = "A" * 100_000

CONTROL = ["\x00", "a\x00b", "\x01\x02\x1b[31m\x7f", "\t\r\n\x0b\x0c", "\x85\u2028\u2029"]
UNICODE = [
    "\ud800",  # a lone surrogate: sent as its (invalid) UTF-8 bytes, see encode_form()
    "\udfff tail",
    "\u202eevil\u202c",  # right-to-left override
    "zero\u200bwidth\ufeff",
    "👩🏽‍🚀🇵🇹",
    "Zalgo Z̷̛͎a̵l̴g̶o̸",
    "ﷺ" * 50,
    "\uffff\U0010ffff",
]
INJECTION = [
    "' OR 1=1 --",
    "1; DROP TABLE accounts_user;--",
    "%' AND 1=0 UNION SELECT password FROM accounts_user --",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ settings.SECRET_KEY }}{% debug %}",
    "javascript:alert(1)",
    "../../../../etc/passwd",
]
NUMBERS = [
    "",
    " ",
    "0",
    "-1",
    "-999999999999",
    "99999999999999999999999999999999",
    str(2**63),
    "1.5",
    "1e309",
    "NaN",
    "Infinity",
    "-0",
    "0x10",
    "١٢",  # Arabic-Indic digits
    "１２",  # full-width digits
    "12abc",
]
DATES = ["2008-02-30", "0000-00-00", "9999-12-31", "10000-01-01", "-1-01-01", "2008-13-01"]
HOSTILE = [HUGE, *CONTROL, *UNICODE, *INJECTION, *NUMBERS, *DATES]

hostile_string = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),  # any code point, surrogates included
    st.integers().map(str),
    st.floats().map(str),
)


def ids(*known: int) -> st.SearchStrategy[str]:
    """An id field: one of the known ids (ours and other partners'), or something hostile."""
    return st.one_of(st.sampled_from([str(pk) for pk in known]), hostile_string)


def field(good: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[list[str]]:
    """The values posted for one field: usually one (a good one when given, else hostile),
    sometimes none (the field is missing) or several (a list where one value is expected)."""
    one = hostile_string if good is None else st.one_of(good, good, hostile_string)
    return st.one_of(
        one.map(lambda value: [value]),
        one.map(lambda value: [value]),
        st.lists(one, max_size=3),
    )


def form(**fields: st.SearchStrategy[str] | None) -> st.SearchStrategy[dict[str, list[str]]]:
    """A posted form: each named field from field(good), plus now and then an extra field."""
    extra = st.dictionaries(
        st.sampled_from(
            ["id", "pk", "is_staff", "partner", "user", "status", "csrfmiddlewaretoken"]
        ),
        field(),
        max_size=2,
    )
    named = st.fixed_dictionaries({name: field(good) for name, good in fields.items()})
    return st.tuples(named, extra).map(lambda pair: {**pair[1], **pair[0]})


emails = st.one_of(
    st.sampled_from(["new.person@amadora.example", "NEW.Person@Amadora.Example", "x@y.example"]),
    st.emails().map(str),
)
names = st.one_of(
    st.sampled_from(["Ana Ferreira", "Ζωή Παπαδοπούλου", "Zoë O'Brien"]),
    st.text(min_size=1, max_size=30),
)
