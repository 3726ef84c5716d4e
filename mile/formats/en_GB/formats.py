# British English as the platform always wrote it: "14 February 2027", 24-hour times.
DATE_FORMAT = "j F Y"  # 14 February 2027
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j F Y, H:i"  # 14 February 2027, 14:30
SHORT_DATE_FORMAT = "j M Y"  # 14 Feb 2027
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 14 Feb 2027, 14:30
MONTH_DAY_FORMAT = "j F"  # 14 February
WEEKDAY_DATE_FORMAT = "l j F Y"  # Sunday 14 February 2027
