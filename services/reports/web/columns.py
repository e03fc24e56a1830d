"""The columns of the tickets-by-county report: row attribute and heading in zh-CN and en.

Page and CSV export share them, so a download has the headings the page shows.
"""

COLUMNS: tuple[tuple[str, dict[str, str]], ...] = (
    ("city_name", {"zh_CN": "设区市", "en": "City"}),
    ("county_name", {"zh_CN": "县（市、区）", "en": "County"}),
    ("county_id", {"zh_CN": "行政区划代码", "en": "Division code"}),
    ("opened", {"zh_CN": "受理工单", "en": "Tickets opened"}),
    ("open", {"zh_CN": "办理中", "en": "Open"}),
    ("closed", {"zh_CN": "已销号", "en": "Closed"}),
    ("overdue", {"zh_CN": "已超期", "en": "Overdue"}),
)

#: The columns that hold counts, which the page's summary adds up.
COUNT_COLUMNS = COLUMNS[3:]
