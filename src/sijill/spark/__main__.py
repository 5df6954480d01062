"""`python -m sijill.spark INPUT... --out DIR`: the Spark job, with the options of `sijill spark`."""
from sijill.spark.job import main

main()
