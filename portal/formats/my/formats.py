# Burmese dates: day, Burmese month name, year ("20 မေ 2024").
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y H:i"
HEADER_DATE_FORMAT = "l၊ j F Y"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
# Burmese writes numbers with its own digits (CLDR's default numbering system for "my"); portal/digits.py applies
# them to every number a reader sees, never to machine-readable text.
NATIVE_DIGITS = "၀၁၂၃၄၅၆၇၈၉"
# An article's publication time: the date as Burmese writes it (zh-hans and en keep the newsroom's ISO form).
PUBLISHED_FORMAT = "j F Y H:i"
