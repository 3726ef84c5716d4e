# Greek: a day of a month takes the month's genitive ("14 Φεβρουαρίου"), Django's `E`; the
# month alone keeps its nominative ("Φεβρουάριος 2027", Django's YEAR_MONTH_FORMAT). 24-hour
# times, as Greek dates write them.
DATE_FORMAT = "j E Y"  # 14 Φεβρουαρίου 2027
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j E Y, H:i"  # 14 Φεβρουαρίου 2027, 14:30
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 14/02/2027 14:30
MONTH_DAY_FORMAT = "j E"  # 14 Φεβρουαρίου
WEEKDAY_DATE_FORMAT = "l j E Y"  # Κυριακή 14 Φεβρουαρίου 2027
