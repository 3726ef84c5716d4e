from html.parser import HTMLParser


class _Rows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.in_results = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("id", "result_list") in attrs:
            self.in_results = True
        elif self.in_results and tag == "tr":
            self.rows.append([])
        elif self.in_results and tag in ("td", "th") and self.rows:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_results = False
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def admin_rows(response) -> list[list[str]]:
    """The admin changelist's result rows, each without its date and reason columns:
    [who, what, record, changed fields]."""
    parser = _Rows()
    parser.feed(response.content.decode())
    return [row[1:5] for row in parser.rows[1:]]
