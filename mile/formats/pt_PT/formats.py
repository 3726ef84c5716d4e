# European Portuguese: Django's `pt` formats ("14 de fevereiro de 2027", "14/02/2027 14:30",
# "12.000,00"), with a comma after the weekday.
WEEKDAY_DATE_FORMAT = r"l, j \d\e F \d\e Y"  # domingo, 14 de fevereiro de 2027
