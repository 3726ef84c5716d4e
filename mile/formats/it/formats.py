# Italian: the day without a leading zero ("1 febbraio 2027", not "01"), and a date with a
# time without its weekday.
DATE_FORMAT = "j F Y"  # 14 febbraio 2027
DATETIME_FORMAT = "j F Y, H:i"  # 14 febbraio 2027, 14:30
WEEKDAY_DATE_FORMAT = "l j F Y"  # domenica 14 febbraio 2027
