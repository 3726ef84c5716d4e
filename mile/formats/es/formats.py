# Spanish: Django's `es` formats ("14 de febrero de 2027", "14/02/2027 14:30"), with money and
# figures grouped by a full stop, as Spanish budgets and CLDR write them (12.000,00 €).
THOUSAND_SEPARATOR = "."
WEEKDAY_DATE_FORMAT = r"l, j \d\e F \d\e Y"  # domingo, 14 de febrero de 2027
