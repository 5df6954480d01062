"""Sides that reports name two ways and fusion takes for one."""

# One side, two names: the coalition the US leads and the US military (as the referee scores them:
# a strike that one outlet, or one sentence, gives to "التحالف الدولي" and another to "القوات
# الأمريكية" is one act of one side).
SAME_SIDE = {"USA_MIL": "COALITION"}
