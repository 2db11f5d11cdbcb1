"""The exportctl command line as a program for ``spark-submit`` (which runs files, not modules).

    spark-submit --master spark://host:7077 "$(python -m exportctl.spark.submit)" \\
        screen --engine spark --input hdfs:///in/customers.csv --output hdfs:///out/results.jsonl

Run with ``python -m`` it prints its own path, for the command line above; run by
``spark-submit`` it is ``exportctl`` with the arguments that follow, and the session it starts
takes ``spark-submit``'s ``--master`` and ``--conf`` settings.
"""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":
    if "PYSPARK_GATEWAY_PORT" in os.environ:  # set by spark-submit
        from exportctl.cli import main

        sys.argv[0] = "exportctl"
        main()
    else:
        print(os.path.abspath(__file__))
