# Dates read like the source portal's header: "2024年05月20日 星期一".
DATE_FORMAT = "Y年m月d日"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y-m-d H:i"
YEAR_MONTH_FORMAT = "Y年m月"
MONTH_DAY_FORMAT = "m月d日"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
HEADER_DATE_FORMAT = "Y年m月d日 l"
FIRST_DAY_OF_WEEK = 1

# Django's own zh_Hans patterns use %n and %j, which strptime reads as
# "newline" and "day of the year"; these are the patterns editors actually type.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y年%m月%d日",
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
# An article's publication time: the newsroom's ISO form.
PUBLISHED_FORMAT = "Y-m-d H:i"
